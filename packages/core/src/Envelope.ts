/**
 * The envelope: one stored or exchanged event, and its NDJSON line (one JSON object per line).
 * `{ id, stream, type, schemaVersion, occurredOn, recordedAt, data, meta? }` — the public contract
 * of `docs/events.md`. Exported lines also carry `streamVersion` and `position`; decoding ignores
 * neither but import does not need them.
 *
 * @since 0.1.0
 */
import { Data, JsonSchema, Result, Schema, SchemaIssue } from "effect"
import * as SchemaJITCompiler from "effect/schema/SchemaJITCompiler"
import * as Calendar from "./Calendar.ts"
import * as Ids from "./Ids.ts"
import { EventId, StreamName } from "./Ids.ts"
import { fieldNamesOf, nearest } from "./internal/fieldNames.ts"
import { instantMillis, instantPattern, isoInstantMillis } from "./internal/instant.ts"
import { unstorableText } from "./internal/storableText.ts"
import * as MemberEvent from "./MemberEvent.ts"
import * as OrgEvent from "./OrgEvent.ts"
import * as Upcaster from "./Upcaster.ts"

/**
 * The schema version this library writes. Older versions are upcast on read.
 *
 * @category constants
 * @since 0.1.0
 */
export const currentSchemaVersion = 1

const isInstant = (s: string): boolean => !Number.isNaN(instantMillis(s))

/**
 * An ISO-8601 instant with a `Z` or `±hh:mm` offset, e.g. `2021-03-16T08:00:00.000Z`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Instant = Schema.String.check(
  Schema.isPattern(instantPattern, {
    message: "expected an ISO instant such as 2021-03-16T08:00:00.000Z"
  }),
  Schema.makeFilter((s: string) => isInstant(s) || `${s} is not a valid instant`)
).annotate({ title: "Instant" })

/**
 * Optional metadata: who entered the fact and why.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Meta = Schema.Struct({
  actor: Schema.optionalKey(Schema.String),
  correlationId: Schema.optionalKey(Schema.String),
  causationId: Schema.optionalKey(Schema.String),
  source: Schema.optionalKey(Schema.String),
  note: Schema.optionalKey(Schema.String)
}).annotate({ title: "Meta" })
/**
 * @category models
 * @since 0.1.0
 */
export type Meta = typeof Meta.Type

const headerFields = {
  id: EventId,
  stream: StreamName,
  schemaVersion: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  recordedAt: Instant,
  meta: Schema.optionalKey(Meta),
  streamVersion: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))),
  position: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)))
}

const Header = Schema.Struct({ ...headerFields, type: Schema.String, occurredOn: Schema.Unknown, data: Schema.Unknown })

/**
 * The fields every envelope carries besides the event itself.
 *
 * @category models
 * @since 0.1.0
 */
export interface Header {
  readonly id: EventId
  readonly stream: StreamName
  readonly schemaVersion: number
  readonly recordedAt: string
  readonly meta?: Meta
  readonly streamVersion?: number
  readonly position?: number
}

/**
 * A member event in its envelope.
 *
 * @category models
 * @since 0.1.0
 */
export type MemberEnvelope = MemberEvent.MemberEvent & Header
/**
 * An organisation event in its envelope.
 *
 * @category models
 * @since 0.1.0
 */
export type OrgEnvelope = OrgEvent.OrgEvent & Header
/**
 * Any event in its envelope.
 *
 * @category models
 * @since 0.1.0
 */
export type Envelope = MemberEnvelope | OrgEnvelope

const envelopeSchema = <S extends Schema.Top & { readonly fields: Schema.Struct.Fields }>(event: S) =>
  Schema.Struct({ ...headerFields, ...event.fields }).annotate({
    title: `${event.ast.annotations?.title ?? "Event"}Envelope`
  })

/**
 * The envelope schema of every event type, member and organisation alike, for JSON Schema export.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Envelope = Schema.Union([
  ...Object.values(MemberEvent.schemas).map(envelopeSchema),
  ...Object.values(OrgEvent.schemas).map(envelopeSchema)
]).annotate({ title: "Envelope", description: "One event of dangvien's NDJSON interchange format" })

/**
 * The JSON Schema (draft 2020-12) of the envelope and every event type, as a standalone document:
 * `$schema`, the envelope union, and `$defs` when there are definitions.
 *
 * @category encoding
 * @since 0.1.0
 */
export const jsonSchema = (): Record<string, unknown> => {
  // Closed objects, as `decode` refuses a field the catalog does not have.
  const doc = Schema.toJsonSchemaDocument(Envelope, { onExcessProperty: "error" })
  return {
    $schema: JsonSchema.META_SCHEMA_URI_DRAFT_2020_12,
    ...doc.schema,
    ...(Object.keys(doc.definitions).length === 0 ? {} : { $defs: doc.definitions })
  }
}

/**
 * A line or value that is not a valid event, with the rule it breaks, the field path
 * (e.g. `data.person.birthDate`) and, for files, the 1-based line number.
 *
 * Rules: `EVT-01` not a JSON object, `EVT-02` an envelope field is invalid, `EVT-03` unknown event
 * type or one that does not belong to its stream, `EVT-04` an event field is invalid, `EVT-05`
 * a `schemaVersion` newer than this library, `CAL-01` recorded before it occurred.
 *
 * @category errors
 * @since 0.1.0
 */
export class DecodeError extends Data.TaggedError("DecodeError")<{
  readonly rule: string
  readonly path: string
  readonly message: string
  readonly line?: number
}> {
  /** `line N: RULE path: message` */
  override toString(): string {
    return `${this.line === undefined ? "" : `line ${this.line}: `}${this.rule}${
      this.path === "" ? "" : ` ${this.path}`
    }: ${this.message}`
  }
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const firstIssue = (issue: SchemaIssue.Issue, prefix: ReadonlyArray<string>) => {
  const formatted = formatter(issue).issues[0]
  const path = [...prefix, ...(formatted?.path ?? []).map((p) => String(typeof p === "object" ? p.key : p))]
  return { path: path.join("."), message: formatted?.message ?? "invalid" }
}

type Decoder = (u: unknown) => Result.Result<unknown, Schema.SchemaError>

for (const s of [...Object.values(MemberEvent.schemas), ...Object.values(OrgEvent.schemas)]) {
  SchemaJITCompiler.enable(s.ast)
}
// A field the catalog does not have is refused, never silently dropped: a misspelt optional field
// (`over60consent`) would otherwise change what the rules see without a word. The decoders strip
// such fields (the fast path); `hasExcess` then compares the input with the output, and only an
// input that had one is decoded again by the strict decoder, which words the error.
const strict = { onExcessProperty: "error" } as const

/** Does `input` have a key, at any depth, that decoding it into `output` dropped? */
const hasExcess = (input: unknown, output: unknown): boolean => {
  if (typeof input !== "object" || input === null) return false
  if (typeof output !== "object" || output === null) return false
  if (Array.isArray(input)) {
    if (!Array.isArray(output)) return false
    for (let i = 0; i < input.length; i++) if (hasExcess(input[i], output[i])) return true
    return false
  }
  for (const key in input) {
    if (!Object.hasOwn(input, key)) continue
    if (!Object.hasOwn(output, key)) return true
    const value = (input as Record<string, unknown>)[key]
    if (typeof value === "object" && value !== null && hasExcess(value, (output as Record<string, unknown>)[key])) {
      return true
    }
  }
  return false
}

const strictly = (s: Schema.Top): Decoder => {
  const lenient = Schema.decodeUnknownResult(s as Schema.Codec<unknown>)
  const strictDecode = Schema.decodeUnknownResult(s as Schema.Codec<unknown>, strict)
  return (u) => {
    const r = lenient(u)
    return Result.isSuccess(r) && hasExcess(u, r.success) ? strictDecode(u) : r
  }
}
const eventDecoders = new Map<string, { readonly kind: "member" | "org"; readonly decode: Decoder }>([
  ...Object.entries(MemberEvent.schemas).map(([type, s]) =>
    [type, { kind: "member" as const, decode: strictly(s) }] as const
  ),
  ...Object.entries(OrgEvent.schemas).map(([type, s]) => [type, { kind: "org" as const, decode: strictly(s) }] as const)
])
const decodeHeaderSchema = Schema.decodeUnknownResult(Header, strict)
const excessProperty = "Expected no excess property"

/** Every field name of the catalog and the envelope, for suggestions (built on first need). */
let knownFields: ReadonlyArray<string> | undefined
/** `unknown field x of <owner> (did you mean y?)`, for the field at `path`. */
const unknownField = (path: string, owner: string): string => {
  const name = path.slice(path.lastIndexOf(".") + 1)
  knownFields ??= fieldNamesOf([
    Header.ast,
    ...Object.values(MemberEvent.schemas).map((s) => s.ast),
    ...Object.values(OrgEvent.schemas).map((s) => s.ast)
  ])
  const meant = nearest(name, knownFields)
  return `unknown field ${name} of ${owner}${meant === undefined ? "" : ` (did you mean ${meant}?)`}`
}
const streamPattern = /^(member|org)-[0-9A-HJKMNP-TV-Z]{26}$/u
const isVersion = (n: unknown) => Number.isInteger(n) && (n as number) >= 1

/** The number of own enumerable keys of `o` (without the array `Object.keys` makes). */
const keyCount = (o: object): number => {
  let n = 0
  for (const key in o) if (Object.hasOwn(o, key)) n++
  return n
}

/**
 * The header of the common line (no `meta`, `streamVersion` or `position`) checked by hand: the
 * same checks as the `Header` schema, several times faster on the import path. Anything else, and
 * every invalid header, goes through the schema, which also words the error.
 */
const decodeHeader = (raw: Record<string, unknown>): ReturnType<typeof decodeHeaderSchema> => {
  const { id, stream, type, schemaVersion, recordedAt } = raw
  if (
    typeof id === "string" && Ids.isUlid(id) && typeof stream === "string" && streamPattern.test(stream) &&
    typeof type === "string" && isVersion(schemaVersion) && typeof recordedAt === "string" &&
    !Number.isNaN(isoInstantMillis(recordedAt)) && Object.hasOwn(raw, "occurredOn") &&
    Object.hasOwn(raw, "data") && !Object.hasOwn(raw, "meta") && !Object.hasOwn(raw, "streamVersion") &&
    !Object.hasOwn(raw, "position") && keyCount(raw) === 7
  ) {
    return Result.succeed({
      id: id as EventId,
      stream: stream as StreamName,
      schemaVersion: schemaVersion as number,
      recordedAt,
      type,
      occurredOn: raw["occurredOn"],
      data: raw["data"]
    })
  }
  return decodeHeaderSchema(raw)
}

/**
 * Options of `decode`: `defaultRecordedAt` fills a missing `recordedAt` (import time), `line` is
 * reported in errors, and `upcasters` rewrite older schema versions.
 *
 * @category models
 * @since 0.1.0
 */
export interface DecodeOptions {
  readonly defaultRecordedAt?: string
  readonly line?: number
  /** Upcasters for events written under an older `schemaVersion` (default: none, every type at 1). */
  readonly upcasters?: Upcaster.Upcasters
  /**
   * The latest instant an event may be recorded at (an ISO instant, e.g. the time of an import): one
   * recorded after it is refused under CAL-01, as a fact is not recorded in the future — and, as a
   * fact is not recorded before its day, nor is one dated after that instant's day in Vietnam.
   */
  readonly recordedUpTo?: string
}

/** Vietnam's time: UTC+7, all year. */
const vietnamOffsetMs = 7 * 3_600_000

/**
 * The earliest instant at which a fact of `occurredOn` can be recorded: the start of that day in
 * Vietnam (UTC+7).
 *
 * @category getters
 * @since 0.1.0
 */
export const startOfDayInstant = (occurredOn: Calendar.CalendarDate): number =>
  Calendar.toDayNumber(occurredOn) * 86_400_000 - vietnamOffsetMs

/**
 * The day in Vietnam (UTC+7) of an instant in epoch milliseconds — "today" for a clock's reading;
 * the inverse of `startOfDayInstant`.
 *
 * @category getters
 * @since 0.1.0
 */
export const dayInVietnam = (epochMillis: number): Calendar.CalendarDate =>
  Calendar.fromDayNumber(Math.floor((epochMillis + vietnamOffsetMs) / 86_400_000))

/**
 * Decodes an unknown value (a parsed JSON object) into an envelope.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decode = (input: unknown, options: DecodeOptions = {}): Result.Result<Envelope, DecodeError> => {
  const at = options.line === undefined ? {} : { line: options.line }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return Result.fail(new DecodeError({ rule: "EVT-01", path: "", message: "expected a JSON object", ...at }))
  }
  let raw = input as Record<string, unknown>
  if (raw["recordedAt"] === undefined && options.defaultRecordedAt !== undefined) {
    raw = { ...raw, recordedAt: options.defaultRecordedAt }
  }
  const header = decodeHeader(raw)
  if (Result.isFailure(header)) {
    const { message, path } = firstIssue(header.failure.issue, [])
    // `occurredOn` is the event's own field (EVT-04), checked here only for being present.
    const rule = path === "occurredOn" ? "EVT-04" : "EVT-02"
    const owner = path.startsWith("meta.") ? "meta" : "the envelope"
    return Result.fail(
      new DecodeError({ rule, path, message: message === excessProperty ? unknownField(path, owner) : message, ...at })
    )
  }
  const h = header.success
  // The type first: a version of an unknown type is no question of versions (EVT-03, not EVT-05).
  const decoder = eventDecoders.get(h.type)
  if (decoder === undefined) {
    return Result.fail(
      new DecodeError({ rule: "EVT-03", path: "type", message: `unknown event type ${JSON.stringify(h.type)}`, ...at })
    )
  }
  const upcasters = options.upcasters ?? Upcaster.none
  const current = upcasters.current(h.type)
  if (h.schemaVersion > current) {
    return Result.fail(
      new DecodeError({
        rule: "EVT-05",
        path: "schemaVersion",
        message: `schemaVersion ${h.schemaVersion} of ${h.type} is newer than this library (${current})`,
        ...at
      })
    )
  }
  let data = h.data
  if (h.schemaVersion < current) {
    const up = upcasters.upcast(h.type, h.schemaVersion, h.data)
    if ("missing" in up) {
      return Result.fail(
        new DecodeError({
          rule: "EVT-05",
          path: "schemaVersion",
          message: `no upcaster for ${h.type} from schemaVersion ${up.missing}`,
          ...at
        })
      )
    }
    data = up.data
  }
  const foreign = notOfStream(decoder, h.type, h.stream, at)
  if (foreign !== undefined) return Result.fail(foreign)
  const event = decodeWith(decoder, h.type, h.occurredOn, data, at)
  if (Result.isFailure(event)) return Result.fail(event.failure)
  const e = event.success
  if (h.meta !== undefined) {
    const bad = unstorableText(h.meta, "meta")
    if (bad !== undefined) return Result.fail(new DecodeError({ rule: "EVT-02", ...bad, ...at }))
  }
  const recordedMillis = instantMillis(h.recordedAt)
  if (recordedMillis < startOfDayInstant(e.occurredOn)) {
    return Result.fail(
      new DecodeError({
        rule: "CAL-01",
        path: "recordedAt",
        message: `recordedAt ${h.recordedAt} is before the day it occurred (${e.occurredOn})`,
        ...at
      })
    )
  }
  const limit = options.recordedUpTo === undefined ? undefined : upToMillis(options.recordedUpTo)
  if (limit !== undefined && Number.isNaN(limit)) {
    // The caller's option, not the line: said rather than read as no limit.
    return Result.fail(
      new DecodeError({
        rule: "CAL-01",
        path: "recordedAt",
        message: `the limit recordedUpTo ${JSON.stringify(options.recordedUpTo)} is not an ISO instant with its offset`,
        ...at
      })
    )
  }
  if (limit !== undefined && recordedMillis > limit) {
    return Result.fail(
      new DecodeError({
        rule: "CAL-01",
        path: "recordedAt",
        message:
          `recordedAt ${h.recordedAt} is after ${options.recordedUpTo}, the time of the import: a fact is not recorded in the future`,
        ...at
      })
    )
  }
  return Result.succeed(make(h.schemaVersion < current ? { ...h, schemaVersion: current } : h, e))
}

/**
 * `recordedUpTo` in epoch milliseconds, `NaN` when it is not an instant with its offset (the last
 * one parsed is kept: an import gives one for every line).
 */
let upTo = { text: "", millis: Number.NaN }
const upToMillis = (text: string): number => {
  if (upTo.text !== text) upTo = { text, millis: isoInstantMillis(text) }
  return upTo.millis
}

/** EVT-03: an event of `type` on a stream of the other kind (a member event on `org-…`). */
const notOfStream = (
  decoder: { readonly kind: "member" | "org" },
  type: string,
  stream: string,
  at: { readonly line?: number }
): DecodeError | undefined =>
  stream.startsWith(decoder.kind === "member" ? "member-" : "org-")
    ? undefined
    : new DecodeError({ rule: "EVT-03", path: "type", message: `${type} does not belong to stream ${stream}`, ...at })

const decodeWith = (
  decoder: { readonly decode: Decoder },
  type: string,
  occurredOn: unknown,
  data: unknown,
  at: { readonly line?: number }
): Result.Result<MemberEvent.MemberEvent | OrgEvent.OrgEvent, DecodeError> => {
  const event = decoder.decode({ type, occurredOn, data })
  if (Result.isSuccess(event)) {
    const decoded = event.success as MemberEvent.MemberEvent | OrgEvent.OrgEvent
    const bad = unstorableText(decoded.data, "data")
    return bad === undefined ? Result.succeed(decoded) : Result.fail(new DecodeError({ rule: "EVT-04", ...bad, ...at }))
  }
  const { message, path } = firstIssue(event.failure.issue, [])
  return Result.fail(
    new DecodeError({
      rule: "EVT-04",
      path,
      message: message === excessProperty ? unknownField(path, type) : message,
      ...at
    })
  )
}

/**
 * Decodes an event without its envelope — `occurredOn` and `data` of the event `type` — as `decode`
 * decodes them (EVT-03 for an unknown type, or one that does not belong to `stream` when it is
 * given; EVT-04 for an invalid, missing or unknown field): what a command body carries, for a
 * service that takes commands (see `examples/embed-service`), and what `CommandHandler` checks of
 * each event it is to append.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeEvent = (
  type: string,
  occurredOn: unknown,
  data: unknown,
  stream?: string
): Result.Result<MemberEvent.MemberEvent | OrgEvent.OrgEvent, DecodeError> => {
  const decoder = eventDecoders.get(type)
  if (decoder === undefined) {
    return Result.fail(
      new DecodeError({ rule: "EVT-03", path: "type", message: `unknown event type ${JSON.stringify(type)}` })
    )
  }
  const foreign = stream === undefined ? undefined : notOfStream(decoder, type, stream, {})
  if (foreign !== undefined) return Result.fail(foreign)
  return decodeWith(decoder, type, occurredOn, data, {})
}

/**
 * The canonical key order of an NDJSON line (what `make` and `encodeLine` write).
 *
 * @category constants
 * @since 0.1.0
 */
export const fieldOrder = [
  "id",
  "stream",
  "type",
  "schemaVersion",
  "occurredOn",
  "recordedAt",
  "data",
  "meta",
  "streamVersion",
  "position"
] as const

/**
 * Builds an envelope from its header and event, in the canonical key order.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make: {
  (header: Header, event: MemberEvent.MemberEvent): MemberEnvelope
  (header: Header, event: OrgEvent.OrgEvent): OrgEnvelope
  (header: Header, event: MemberEvent.MemberEvent | OrgEvent.OrgEvent): Envelope
} = (header: Header, event: MemberEvent.MemberEvent | OrgEvent.OrgEvent): any => {
  const out: Record<string, unknown> = {
    id: header.id,
    stream: header.stream,
    type: event.type,
    schemaVersion: header.schemaVersion,
    occurredOn: event.occurredOn,
    recordedAt: header.recordedAt,
    data: event.data
  }
  if (header.meta !== undefined) out["meta"] = header.meta
  if (header.streamVersion !== undefined) out["streamVersion"] = header.streamVersion
  if (header.position !== undefined) out["position"] = header.position
  return out
}

/**
 * Decodes one NDJSON line. `line` (1-based) is reported in errors.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeLine = (text: string, options: DecodeOptions = {}): Result.Result<Envelope, DecodeError> => {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    return Result.fail(
      new DecodeError({
        rule: "EVT-01",
        path: "",
        message: `not JSON: ${e instanceof Error ? e.message : String(e)}`,
        ...(options.line === undefined ? {} : { line: options.line })
      })
    )
  }
  return decode(parsed, options)
}

/**
 * Encodes an envelope as one NDJSON line (no trailing newline), keys in the canonical order.
 *
 * @category encoding
 * @since 0.1.0
 */
export const encodeLine = (envelope: Envelope): string => JSON.stringify(make(envelope, envelope))

/**
 * Is this envelope from a member stream?
 *
 * @category guards
 * @since 0.1.0
 */
export const isMemberEnvelope = (e: Envelope): e is MemberEnvelope => e.stream.startsWith("member-")

/**
 * Is this envelope from an organisation stream?
 *
 * @category guards
 * @since 0.1.0
 */
export const isOrgEnvelope = (e: Envelope): e is OrgEnvelope => e.stream.startsWith("org-")
