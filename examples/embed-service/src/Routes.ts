/**
 * The HTTP routes: commands in, events out, reads of a member and of statistics.
 *
 * - `POST /members/:id/commands` — a member command → 201 with the appended events
 * - `GET  /members/:id` — the member's summary today
 * - `GET  /members/:id/events` — the member's events (JSON array of envelopes)
 * - `POST /organizations/:id/commands` — an organisation command → 201 with the appended events
 * - `GET  /organizations/:id/statistics?from&to&asOf&knownAt&structureAsOf&period` — the subtree's
 *   statistics (`Statistics.Report`; as of today by default)
 * - `GET  /organizations/:id/commendations?lastYear&years&knownAt&structureAsOf` — the subtree's
 *   members rated excellent `years` (default 5) years running up to `lastYear`
 *
 * Another method on one of these paths is 405 (with `Allow`), any other path 404, a command body
 * not sent as `application/json` 415.
 */
import { Ids } from "@dangvien/core"
import { ByteSize, Effect, Layer, Schema } from "effect"
import { HttpIncomingMessage, HttpRouter, HttpServerRequest } from "effect/http"
import * as Access from "./Access.ts"
import * as CommandBody from "./CommandBody.ts"
import * as CommendationQuery from "./CommendationQuery.ts"
import * as Idempotency from "./Idempotency.ts"
import * as Members from "./Members.ts"
import * as Organizations from "./Organizations.ts"
import * as Responses from "./Responses.ts"
import { MalformedRequest, UnsupportedMediaType } from "./ServiceError.ts"
import * as StatisticsQuery from "./StatisticsQuery.ts"
import { today } from "./Today.ts"

/** The caller and the path's id (a ULID), decoded. */
const target = <A extends Ids.MemberId | Ids.OrgId>(schema: Schema.Codec<A, string>) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const caller = yield* Effect.fromResult(Access.callerFrom(request.headers))
    const { id } = yield* HttpRouter.params
    // ULIDs are case-insensitive; the records hold them in upper case.
    const decoded = yield* Schema.decodeUnknownEffect(schema)(id?.toUpperCase()).pipe(
      Effect.mapError(() =>
        new MalformedRequest({ field: "id", message: `expected a ULID, got ${JSON.stringify(id ?? null)}` })
      )
    )
    return { caller, id: decoded, request }
  })

/**
 * The most a command body may hold: a command is a few hundred bytes, a registration with its
 * person a few KiB. A larger body is refused as soon as it passes the limit, not read whole first.
 */
export const maxBodyBytes = 64 * 1024

/** `application/json`, with or without parameters (`; charset=utf-8`), in any case. */
const isJson = (contentType: string | undefined): boolean =>
  contentType !== undefined && /^application\/json\s*(;|$)/iu.test(contentType.trim())

/**
 * The request body as JSON: a 415 when it is not sent as `application/json`, a 400 when it is not
 * JSON (or is larger than `maxBodyBytes`).
 */
const body = (request: HttpServerRequest.HttpServerRequest) => {
  const contentType = request.headers["content-type"]
  if (!isJson(contentType)) return Effect.fail(new UnsupportedMediaType({ contentType }))
  return request.json.pipe(
    Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(maxBodyBytes)),
    Effect.mapError((e) =>
      new MalformedRequest({
        rule: "EVT-01",
        field: "",
        message: /maxBytes exceeded/u.test(String(e.cause))
          ? `the body is larger than ${maxBodyBytes / 1024} KiB`
          : "the body is not valid JSON"
      })
    )
  )
}

/** A route that takes no query parameters refuses one (a 400 naming it), rather than ignore it. */
const noParameters = Effect.gen(function*() {
  const params = yield* HttpServerRequest.ParsedSearchParams
  const [name] = Object.keys(params)
  if (name !== undefined) {
    return yield* new MalformedRequest({ field: name, message: "unknown parameter; this route takes none" })
  }
})

/**
 * A recorded command: 201 with its events, 200 when it decided none — or when they were recorded
 * earlier under the request's `Idempotency-Key` (`replayed: true`, and `Idempotent-Replayed`).
 */
const created = (
  result: { readonly events: ReadonlyArray<unknown>; readonly streamVersion: number; readonly replayed: boolean }
) =>
  Responses.json(
    result.events.length === 0 || result.replayed ? 200 : 201,
    { events: result.events, streamVersion: result.streamVersion, replayed: result.replayed },
    result.replayed ? { "idempotent-replayed": "true" } : {}
  )

const recordMember = Responses.orRefusal(Effect.gen(function*() {
  const { caller, id, request } = yield* target(Ids.MemberId)
  yield* noParameters
  const key = yield* Effect.fromResult(Idempotency.keyFrom(request.headers))
  const command = yield* Effect.fromResult(CommandBody.decodeMemberCommand(yield* body(request)))
  return created(yield* Idempotency.outcomeKnown(Members.record(caller, id, command, key), key))
}))

const readMember = Responses.orRefusal(Effect.gen(function*() {
  const { caller, id } = yield* target(Ids.MemberId)
  yield* noParameters
  return Responses.json(200, yield* Members.summary(caller, id))
}))

const readMemberEvents = Responses.orRefusal(Effect.gen(function*() {
  const { caller, id } = yield* target(Ids.MemberId)
  yield* noParameters
  return Responses.json(200, yield* Members.events(caller, id))
}))

const recordOrganization = Responses.orRefusal(Effect.gen(function*() {
  const { caller, id, request } = yield* target(Ids.OrgId)
  yield* noParameters
  const key = yield* Effect.fromResult(Idempotency.keyFrom(request.headers))
  const command = yield* Effect.fromResult(CommandBody.decodeOrgCommand(yield* body(request)))
  return created(yield* Idempotency.outcomeKnown(Organizations.record(caller, id, command, key), key))
}))

const readStatistics = Responses.orRefusal(Effect.gen(function*() {
  const { caller, id } = yield* target(Ids.OrgId)
  const params = yield* HttpServerRequest.ParsedSearchParams
  const query = yield* Effect.fromResult(StatisticsQuery.fromSearchParams(params, yield* today))
  return Responses.json(200, yield* Organizations.statistics(caller, id, query))
}))

const readCommendations = Responses.orRefusal(Effect.gen(function*() {
  const { caller, id } = yield* target(Ids.OrgId)
  const params = yield* HttpServerRequest.ParsedSearchParams
  const query = yield* Effect.fromResult(CommendationQuery.fromSearchParams(params))
  return Responses.json(200, yield* Organizations.commendations(caller, id, query))
}))

/** Every route of the service. */
const routes = [
  HttpRouter.route("POST", "/members/:id/commands", recordMember),
  HttpRouter.route("GET", "/members/:id", readMember),
  HttpRouter.route("GET", "/members/:id/events", readMemberEvents),
  HttpRouter.route("POST", "/organizations/:id/commands", recordOrganization),
  HttpRouter.route("GET", "/organizations/:id/statistics", readStatistics),
  HttpRouter.route("GET", "/organizations/:id/commendations", readCommendations)
] as const

/** The methods each path of `routes` answers, its `:id` matching one segment, in any case (as the router). */
const methodsByPath = routes.map(({ method, path }) => ({
  pattern: new RegExp(`^${path.replace(/:id/gu, "[^/]+")}$`, "iu"),
  method
}))

/** A path as the router reads it: repeated slashes as one, without a trailing slash. */
const routerPath = (url: string): string => {
  const path = url.split("?")[0]!.replace(/\/{2,}/gu, "/")
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path
}

/**
 * Any request no route answers: a path the service has, with another method, is 405 with the
 * methods it takes in `Allow` (HEAD with GET); any other path is 404. Both have a JSON body, as
 * every other answer of the service.
 */
const unrouted = Effect.gen(function*() {
  const request = yield* HttpServerRequest.HttpServerRequest
  const path = routerPath(request.url)
  const allowed = methodsByPath.filter((r) => r.pattern.test(path)).map((r) => r.method)
  // No such path — or one the router did not take with an allowed method (an id too long for it).
  const method = request.method === "HEAD" ? "GET" : request.method
  if (allowed.length === 0 || allowed.includes(method as "GET" | "POST")) {
    return Responses.json(404, { error: "RouteNotFound", message: `no route ${path}` })
  }
  const allow = allowed.flatMap((m) => m === "GET" ? ["GET", "HEAD"] : [m]).join(", ")
  return Responses.json(405, {
    error: "MethodNotAllowed",
    message: `${request.method} is not a method of ${path} (it takes ${allow})`
  }, { allow })
})

/**
 * Every route of the service, and the answer to any other request — for every method but HEAD,
 * which the router answers as GET when no route takes it (a HEAD of a GET route is its GET).
 */
export const layer = Layer.mergeAll(
  HttpRouter.addAll(routes),
  ...(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const).map((method) =>
    HttpRouter.add(method, "*", unrouted)
  )
)
