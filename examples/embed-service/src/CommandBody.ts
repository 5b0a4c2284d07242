/**
 * Command bodies: `{ "_tag": "DecideAdmission", "occurredOn": "1993-09-20", "data": { … } }`. A
 * command's `data` is the data of the event it records, so a body is decoded with that event's
 * schema (`MemberEvent.schemas`, `OrgEvent.schemas`) — the same schemas that guard the store and
 * the NDJSON format. A failure names the first offending field (`data.person.birthDate`).
 */
import { MemberCommand, MemberEvent, OrganizationDecider, OrgEvent } from "@dangvien/core"
import { Result, Schema, SchemaIssue } from "effect"
import { MalformedRequest } from "./ServiceError.ts"

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** Is there a value at `path` of `value` (the `type` key aside, which the decoder adds)? */
const hasPath = (value: unknown, path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>): boolean => {
  let current: unknown = value
  for (const p of path) {
    const key = typeof p === "object" ? p.key : p
    if (key === "type") return true
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, key)) return false
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current !== undefined
}

const decodeWith = <Tag extends string>(
  body: unknown,
  eventOf: Readonly<Record<Tag, string>>,
  schemas: Readonly<Record<string, Schema.Top>>
): Result.Result<{ readonly _tag: Tag; readonly occurredOn: string; readonly data: unknown }, MalformedRequest> => {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return Result.fail(new MalformedRequest({ rule: "EVT-01", field: "", message: "expected a JSON object" }))
  }
  const { _tag, data, occurredOn } = body as Record<string, unknown>
  if (typeof _tag !== "string" || !Object.hasOwn(eventOf, _tag)) {
    return Result.fail(
      new MalformedRequest({
        rule: "EVT-03",
        field: "_tag",
        message: `unknown command ${JSON.stringify(_tag ?? null)}`
      })
    )
  }
  const type = eventOf[_tag as Tag]
  const decoded = Schema.decodeUnknownResult(schemas[type] as Schema.Codec<unknown>)({ type, occurredOn, data })
  if (Result.isFailure(decoded)) {
    const first = formatter(decoded.failure.issue).issues[0]
    const field = (first?.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".")
    // A missing `occurredOn` or field of `data` says so, not only what type it should have had.
    const missing = first !== undefined && field !== "" && !hasPath({ occurredOn, data }, first.path ?? [])
    const message = missing ? `missing ${field}` : first?.message ?? "invalid"
    return Result.fail(new MalformedRequest({ rule: "EVT-04", field, message }))
  }
  const event = decoded.success as { readonly occurredOn: string; readonly data: unknown }
  return Result.succeed({ _tag: _tag as Tag, occurredOn: event.occurredOn, data: event.data })
}

/** Decodes a member command body. */
export const decodeMemberCommand = (body: unknown): Result.Result<MemberCommand.MemberCommand, MalformedRequest> =>
  decodeWith(body, MemberCommand.eventOf, MemberEvent.schemas) as Result.Result<
    MemberCommand.MemberCommand,
    MalformedRequest
  >

/** Decodes an organisation command body. */
export const decodeOrgCommand = (body: unknown): Result.Result<OrganizationDecider.Command, MalformedRequest> =>
  decodeWith(body, OrganizationDecider.eventTypeOf, OrgEvent.schemas) as Result.Result<
    OrganizationDecider.Command,
    MalformedRequest
  >
