/**
 * Command bodies: `{ "_tag": "DecideAdmission", "occurredOn": "1993-09-20", "data": { … } }`. A
 * command's `data` is the data of the event it records, so a body is decoded as that event is
 * (`Envelope.decodeEvent`) — with the schemas that guard the store and the NDJSON format. A failure
 * names the first offending field (`data.person.birthDate`), and a field the catalog does not have
 * is refused, with the one it most likely misspells.
 */
import { Envelope, MemberCommand, OrganizationDecider } from "@dangvien/core"
import { Result } from "effect"
import { MalformedRequest } from "./ServiceError.ts"

/** Is there a value at `path` (`data.person.birthDate`) of `value`? */
const hasPath = (value: unknown, path: string): boolean => {
  let current: unknown = value
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, key)) return false
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current !== undefined
}

const bodyFields: ReadonlyArray<string> = ["_tag", "occurredOn", "data"]

const decodeWith = <Tag extends string>(
  body: unknown,
  eventOf: Readonly<Record<Tag, string>>
): Result.Result<{ readonly _tag: Tag; readonly occurredOn: string; readonly data: unknown }, MalformedRequest> => {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return Result.fail(new MalformedRequest({ rule: "EVT-01", field: "", message: "expected a JSON object" }))
  }
  const { _tag, data, occurredOn } = body as Record<string, unknown>
  // Nothing else: a field the service would not read (`expectedVersion`, `id`, `meta`) is refused,
  // not dropped, as an NDJSON line's would be.
  const unknown = Object.keys(body).find((key) => !bodyFields.includes(key))
  if (unknown !== undefined) {
    return Result.fail(
      new MalformedRequest({
        rule: "EVT-02",
        field: unknown,
        message: `unknown field ${unknown} of the command body (it has ${bodyFields.join(", ")})`
      })
    )
  }
  if (typeof _tag !== "string" || !Object.hasOwn(eventOf, _tag)) {
    return Result.fail(
      new MalformedRequest({
        rule: "EVT-03",
        field: "_tag",
        message: `unknown command ${JSON.stringify(_tag ?? null)}`
      })
    )
  }
  const decoded = Envelope.decodeEvent(eventOf[_tag as Tag], occurredOn, data)
  if (Result.isFailure(decoded)) {
    const { message, path: field, rule } = decoded.failure
    // A missing `occurredOn` or field of `data` says so, not only what type it should have had.
    const missing = field !== "" && !hasPath({ occurredOn, data }, field)
    return Result.fail(
      new MalformedRequest({
        rule: rule === "EVT-03" ? "EVT-03" : "EVT-04",
        field,
        message: missing ? `missing ${field}` : message
      })
    )
  }
  return Result.succeed({ _tag: _tag as Tag, occurredOn: decoded.success.occurredOn, data: decoded.success.data })
}

/** Decodes a member command body. */
export const decodeMemberCommand = (body: unknown): Result.Result<MemberCommand.MemberCommand, MalformedRequest> =>
  decodeWith(body, MemberCommand.eventOf) as Result.Result<
    MemberCommand.MemberCommand,
    MalformedRequest
  >

/** Decodes an organisation command body. */
export const decodeOrgCommand = (body: unknown): Result.Result<OrganizationDecider.Command, MalformedRequest> =>
  decodeWith(body, OrganizationDecider.eventTypeOf) as Result.Result<
    OrganizationDecider.Command,
    MalformedRequest
  >
