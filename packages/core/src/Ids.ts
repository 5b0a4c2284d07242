/**
 * Identifiers: ULIDs for members, organisations and events, and the stream names built from them.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

const ulidPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/u
/** The characters of `ulidPattern` (Crockford's base 32, upper case): what `isUlid` checks one by one. */
const ulidChar = new Uint8Array(128)
for (const c of "0123456789ABCDEFGHJKMNPQRSTVWXYZ") ulidChar[c.charCodeAt(0)] = 1

const Ulid = Schema.String.check(
  Schema.isPattern(ulidPattern, { message: "expected a ULID (26 characters of Crockford base 32)" })
)

/**
 * A person's identifier (mã đảng viên / mã hồ sơ): a ULID.
 *
 * @category schemas
 * @since 0.1.0
 */
export const MemberId = Ulid.pipe(Schema.brand("MemberId")).annotate({ title: "MemberId" })
/**
 * @category models
 * @since 0.1.0
 */
export type MemberId = typeof MemberId.Type

/**
 * A party organisation's identifier (tổ chức đảng): a ULID.
 *
 * @category schemas
 * @since 0.1.0
 */
export const OrgId = Ulid.pipe(Schema.brand("OrgId")).annotate({ title: "OrgId" })
/**
 * @category models
 * @since 0.1.0
 */
export type OrgId = typeof OrgId.Type

/**
 * An event's identifier: a ULID, globally unique, and the idempotency key of an append.
 *
 * @category schemas
 * @since 0.1.0
 */
export const EventId = Ulid.pipe(Schema.brand("EventId")).annotate({ title: "EventId" })
/**
 * @category models
 * @since 0.1.0
 */
export type EventId = typeof EventId.Type

/**
 * Is this string a ULID?
 *
 * @category guards
 * @since 0.1.0
 */
export const isUlid = (s: string): boolean => {
  if (s.length !== 26) return false
  for (let i = 0; i < 26; i++) {
    const c = s.charCodeAt(i)
    if (c > 127 || ulidChar[c] !== 1) return false
  }
  return true
}

/**
 * Brands a string as a `MemberId` without checking it (for ids already validated).
 *
 * @category constructors
 * @since 0.1.0
 */
export const memberId = (s: string): MemberId => s as MemberId
/**
 * Brands a string as an `OrgId` without checking it.
 *
 * @category constructors
 * @since 0.1.0
 */
export const orgId = (s: string): OrgId => s as OrgId
/**
 * Brands a string as an `EventId` without checking it.
 *
 * @category constructors
 * @since 0.1.0
 */
export const eventId = (s: string): EventId => s as EventId

/**
 * The name of a stream: `member-<MemberId>` (one per person) or `org-<OrgId>` (one per organisation).
 *
 * @category schemas
 * @since 0.1.0
 */
export const StreamName = Schema.String.check(
  Schema.isPattern(/^(member|org)-[0-9A-HJKMNP-TV-Z]{26}$/u, {
    message: "expected member-<ULID> or org-<ULID>"
  })
).annotate({ title: "StreamName" })
/**
 * @category models
 * @since 0.1.0
 */
export type StreamName = typeof StreamName.Type

/**
 * The stream of a member.
 *
 * @category constructors
 * @since 0.1.0
 */
export const memberStream = (id: MemberId): StreamName => `member-${id}`

/**
 * The stream of an organisation.
 *
 * @category constructors
 * @since 0.1.0
 */
export const orgStream = (id: OrgId): StreamName => `org-${id}`

/**
 * Splits a stream name into its kind and id.
 *
 * @category destructors
 * @since 0.1.0
 */
export const parseStream = (
  stream: string
):
  | { readonly kind: "member"; readonly id: MemberId }
  | { readonly kind: "org"; readonly id: OrgId }
  | undefined =>
{
  if (stream.startsWith("member-")) {
    const id = stream.slice(7)
    return isUlid(id) ? { kind: "member", id: memberId(id) } : undefined
  }
  if (stream.startsWith("org-")) {
    const id = stream.slice(4)
    return isUlid(id) ? { kind: "org", id: orgId(id) } : undefined
  }
  return undefined
}

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

const encode = (n: bigint, length: number): string => {
  let out = ""
  for (let i = 0; i < length; i++) {
    out = crockford[Number(n % 32n)]! + out
    n /= 32n
  }
  return out
}

/**
 * The ULID of a time (milliseconds since the epoch, clamped to 0 and taken modulo 2^48) and an
 * entropy value (modulo 2^80): deterministic ids for tests and fixtures.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeUlid = (timeMs: number, entropy: bigint): string => {
  const time = BigInt(Math.max(0, Math.floor(timeMs))) % 2n ** 48n
  const random = 2n ** 80n
  return encode(time, 10) + encode(((entropy % random) + random) % random, 16)
}
