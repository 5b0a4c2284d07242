/**
 * The service end to end: the real HTTP server on an ephemeral port over a fresh PostgreSQL schema
 * (dropped at the end), called with `fetch`. Ids come from `IdGenerator.layerDeterministic` and the
 * service's clock is fixed, so every figure is deterministic. When PostgreSQL does not answer,
 * every test fails with how to start it; nothing is skipped.
 */
import { CommandHandler, IdGenerator, Ids, OrganizationDecider, OrganizationRegistry } from "@dangvien/core"
import { PostgresStore } from "@dangvien/store-postgres"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, beforeAll, describe, layer } from "@effect/vitest"
import { Clock, Duration, Effect, Layer } from "effect"
import { HttpServer } from "effect/http"
import { createServer } from "node:http"
import * as LiveRecords from "../src/LiveRecords.ts"
import * as Service from "../src/Service.ts"
import { dropSchema, freshSchema, probe, url } from "./postgres.ts"

const firstDay = Date.parse("2026-11-22T08:00:00.000Z")
let now = firstDay

/**
 * The service's clock: a fixed instant (2026-11-22 in Vietnam) that a test may move (to record an
 * event later than the others), real sleeps.
 */
const fixedClock: Clock.Clock = {
  currentTimeMillisUnsafe: () => now,
  currentTimeMillis: Effect.sync(() => now),
  currentTimeNanosUnsafe: () => BigInt(now) * 1_000_000n,
  currentTimeNanos: Effect.sync(() => BigInt(now) * 1_000_000n),
  monotonicTimeNanosUnsafe: () => process.hrtime.bigint(),
  monotonicTimeNanos: Effect.sync(() => process.hrtime.bigint()),
  sleep: (duration) =>
    Effect.callback<void>((resume) => {
      const timer = setTimeout(() => resume(Effect.void), Duration.toMillis(duration))
      return Effect.sync(() => clearTimeout(timer))
    })
}

const schema = freshSchema()

const serviceUnderTest = Service.layer({ disableLogger: true }).pipe(
  Layer.provide(Layer.succeed(Clock.Clock, fixedClock)),
  Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })),
  Layer.provide(LiveRecords.layer),
  Layer.provideMerge(Layer.mergeAll(PostgresStore.layer({ url, schema }), IdGenerator.layerDeterministic(1))),
  Layer.provideMerge(Layer.effectDiscard(Effect.addFinalizer(() => Effect.ignore(dropSchema(schema)))))
)

// The tree: province → two districts → a commune committee each → a village cell each.
const province = Ids.orgId("01J0000000000000000000PR01")
const district1 = Ids.orgId("01J0000000000000000000DT01")
const district2 = Ids.orgId("01J0000000000000000000DT02")
const commune1 = Ids.orgId("01J0000000000000000000GR01")
const commune2 = Ids.orgId("01J0000000000000000000GR02")
const village1 = Ids.orgId("01J0000000000000000000CE01")
const village2 = Ids.orgId("01J0000000000000000000CE02")
const sponsorA = Ids.memberId("01J00000000000000000000SA1")
const sponsorB = Ids.memberId("01J00000000000000000000SB1")
const an = Ids.memberId("01J00000000000000000000AN1")
const chi = Ids.memberId("01J00000000000000000000CH1")

interface Answer {
  readonly status: number
  readonly body: any
  readonly headers: Headers
}

/** Calls the service: `method path`, acting for `caller`, with a JSON body (or raw text). */
const call = (
  method: string,
  path: string,
  options: {
    readonly caller?: Ids.OrgId
    readonly body?: unknown
    readonly raw?: string
    /** The `Content-Type` of a POST (default `application/json`; `null` sends none). */
    readonly contentType?: string | null
    readonly idempotencyKey?: string
  } = {}
) =>
  Effect.gen(function*() {
    const server = yield* HttpServer.HttpServer
    const response = yield* Effect.promise(() =>
      fetch(`${HttpServer.formatAddress(server.address)}${path}`, {
        method,
        headers: {
          ...(options.caller === undefined ? {} : { "x-dangvien-org": options.caller }),
          ...(options.idempotencyKey === undefined ? {} : { "idempotency-key": options.idempotencyKey }),
          ...(method === "POST" && options.contentType !== null
            ? { "content-type": options.contentType ?? "application/json" }
            : {})
        },
        ...(options.raw !== undefined
          ? { body: options.raw }
          : options.body === undefined
          ? {}
          : { body: JSON.stringify(options.body) })
      })
    )
    const text = yield* Effect.promise(() => response.text())
    const answer: Answer = {
      status: response.status,
      body: text === "" ? undefined : JSON.parse(text),
      headers: response.headers
    }
    return answer
  })

const memberCommand = (caller: Ids.OrgId, member: Ids.MemberId, _tag: string, occurredOn: string, data: object) =>
  call("POST", `/members/${member}/commands`, { caller, body: { _tag, occurredOn, data } })

const orgCommand = (caller: Ids.OrgId, org: Ids.OrgId, _tag: string, occurredOn: string, data: object) =>
  call("POST", `/organizations/${org}/commands`, { caller, body: { _tag, occurredOn, data } })

const found = (caller: Ids.OrgId, org: Ids.OrgId, name: string, kind: string, parentId: Ids.OrgId) =>
  orgCommand(caller, org, "Found", "1990-01-01", { name, kind, parentId })

const importOfficial = (caller: Ids.OrgId, member: Ids.MemberId, orgId: Ids.OrgId, fullName: string) =>
  memberCommand(caller, member, "ImportMember", "1993-01-01", {
    orgId,
    person: { fullName, birthDate: "1950-02-11", gender: fullName.includes("Thị") ? "female" : "male", religion: null },
    basis: "openingBalance",
    status: "official",
    admissionDecidedOn: "1975-03-10",
    ceremonyOn: "1975-03-26",
    officialOn: "1976-03-26"
  })

/** `GET /organizations/:org/statistics` with the query parameters given. */
const statistics = (caller: Ids.OrgId, org: Ids.OrgId, query: Readonly<Record<string, string>> = {}) =>
  call("GET", `/organizations/${org}/statistics?${new URLSearchParams(query)}`, { caller })

/** `GET /organizations/:org/commendations` with the query parameters given. */
const commendations = (caller: Ids.OrgId, org: Ids.OrgId, query: Readonly<Record<string, string>>) =>
  call("GET", `/organizations/${org}/commendations?${new URLSearchParams(query)}`, { caller })

/**
 * The province is founded by the central administration, not through the service (no caller's
 * subtree holds a root): straight through the library, on the service's clock (a test's own clock
 * is the real one, and a real recording instant would hide the province from a query as known on
 * 2026-11-22), then waiting until the service has folded it into its records (its statistics
 * answer rather than 404).
 */
const seedProvince = Effect.gen(function*() {
  const { events } = yield* CommandHandler.handle({
    decider: OrganizationDecider.decider,
    stream: Ids.orgStream(province),
    command: {
      _tag: "Found",
      occurredOn: "1990-01-01",
      data: { name: "Đảng bộ tỉnh Hà Nam", kind: "province", parentId: null }
    },
    context: OrganizationRegistry.empty.contextFor(province)
  })
  assert.strictEqual(events.length, 1)
  while ((yield* statistics(province, province, { asOf: "1990-01-01" })).status === 404) {
    yield* Effect.sleep("20 millis")
  }
}).pipe(Effect.provideService(Clock.Clock, fixedClock))

describe("embed service over PostgreSQL", () => {
  beforeAll(async () => {
    const problem = await Effect.runPromise(probe)
    if (problem !== undefined) throw new Error(problem)
  })

  layer(serviceUnderTest, { excludeTestServices: true, timeout: "60 seconds" })("over HTTP", (it) => {
    it.effect("builds the organisation tree, each caller within its own subtree (403 outside, 422 ORG-01)", () =>
      Effect.gen(function*() {
        yield* seedProvince
        const d1 = yield* found(province, district1, "Đảng bộ huyện Duy Tiên", "upper", province)
        assert.strictEqual(d1.status, 201, JSON.stringify(d1.body))
        assert.strictEqual(d1.body.events[0].type, "OrganizationFounded")
        assert.strictEqual(d1.body.events[0].stream, `org-${district1}`)
        assert.strictEqual((yield* found(province, district2, "Đảng bộ huyện Kim Bảng", "upper", province)).status, 201)
        assert.strictEqual(
          (yield* found(district1, commune1, "Đảng bộ xã Tiên Nội", "grassrootsCommittee", district1)).status,
          201
        )
        assert.strictEqual((yield* found(district1, village1, "Chi bộ thôn 1", "cell", commune1)).status, 201)
        assert.strictEqual(
          (yield* found(district2, commune2, "Đảng bộ xã Ba Sao", "grassrootsCommittee", district2)).status,
          201
        )
        assert.strictEqual((yield* found(district2, village2, "Chi bộ thôn 2", "cell", commune2)).status, 201)

        // District 2 cannot found a unit under district 1's commune.
        const foreign = yield* found(
          district2,
          Ids.orgId("01J0000000000000000000CE03"),
          "Chi bộ thôn 3",
          "cell",
          commune1
        )
        assert.strictEqual(foreign.status, 403)
        assert.strictEqual(foreign.body.error, "OutsideSubtree")
        // Nor can anyone found a root.
        const root = yield* orgCommand(province, Ids.orgId("01J0000000000000000000PR02"), "Found", "1990-01-01", {
          name: "Đảng bộ tỉnh khác",
          kind: "province",
          parentId: null
        })
        assert.strictEqual(root.status, 403)
        // A cell directly under a province breaks the kind table (ORG-01).
        const misplaced = yield* found(
          province,
          Ids.orgId("01J0000000000000000000CE04"),
          "Chi bộ lạc chỗ",
          "cell",
          province
        )
        assert.strictEqual(misplaced.status, 422, JSON.stringify(misplaced.body))
        assert.strictEqual(misplaced.body.rule, "ORG-01")
      }))

    it.effect("takes a candidate through admission: 201s with the appended events", () =>
      Effect.gen(function*() {
        assert.strictEqual((yield* importOfficial(district1, sponsorA, village1, "Trần Thị Bình")).status, 201)
        assert.strictEqual((yield* importOfficial(district1, sponsorB, village1, "Lê Văn Cường")).status, 201)
        assert.strictEqual((yield* importOfficial(district2, chi, village2, "Phạm Thị Chi")).status, 201)

        const registered = yield* memberCommand(commune1, an, "RegisterCandidate", "1993-03-01", {
          orgId: village1,
          person: {
            fullName: "Nguyễn Văn An",
            birthDate: "1970-05-20",
            gender: "male",
            religion: null,
            education: "upperSecondary"
          },
          sourceGroup: "youthUnion"
        })
        assert.strictEqual(registered.status, 201, JSON.stringify(registered.body))
        assert.strictEqual(registered.body.streamVersion, 1)
        const [event] = registered.body.events
        assert.deepInclude(event, {
          type: "CandidateRegistered",
          stream: `member-${an}`,
          occurredOn: "1993-03-01",
          streamVersion: 1,
          schemaVersion: 1,
          recordedAt: "2026-11-22T08:00:00.000Z",
          meta: { actor: commune1, source: "embed-service" }
        })
        assert.isTrue(Ids.isUlid(event.id))
        assert.strictEqual(event.data.person.fullName, "Nguyễn Văn An")

        const steps: ReadonlyArray<readonly [string, string, object, string]> = [
          ["CompleteAwarenessCourse", "1993-04-10", { certificateNo: "123/CN" }, "AwarenessCourseCompleted"],
          ["AssignSponsors", "1993-06-01", {
            sponsors: [
              { kind: "member", memberId: sponsorA, knownSince: "1991-01-01" },
              // No knownSince: counted from the sponsor's time in the applicant's grassroots
              // organisation (ADM-05, SponsorTenure), as Import.run counts it.
              { kind: "member", memberId: sponsorB }
            ]
          }, "SponsorsAssigned"],
          [
            "PassBranchResolution",
            "1993-08-15",
            { purpose: "admission", officialMembers: 8, votesFor: 7 },
            "BranchResolutionPassed"
          ],
          [
            "DecideAdmission",
            "1993-09-20",
            { decidedBy: district1, kind: "first", decisionNo: "45-QĐ/HU" },
            "AdmissionDecided"
          ],
          ["HoldCeremony", "1993-10-10", {}, "AdmissionCeremonyHeld"],
          ["RecognizeOfficial", "1994-10-10", { decisionNo: "12-QĐ/HU" }, "OfficialRecognized"]
        ]
        for (const [tag, on, data, type] of steps) {
          const answer = yield* memberCommand(district1, an, tag, on, data)
          assert.strictEqual(answer.status, 201, `${tag}: ${JSON.stringify(answer.body)}`)
          assert.strictEqual(answer.body.events[0].type, type)
        }
      }))

    it.effect("refuses what the rule book refuses with 422 and the rule ID, storing nothing", () =>
      Effect.gen(function*() {
        const giang = Ids.memberId("01J00000000000000000000GG1")
        const registered = yield* memberCommand(commune2, giang, "RegisterCandidate", "1993-03-01", {
          orgId: village2,
          person: { fullName: "Đỗ Văn Giang", birthDate: "1971-01-01", gender: "male", religion: null }
        })
        assert.strictEqual(registered.status, 201, JSON.stringify(registered.body))
        // One member sponsor and no union committee: ADM-04 wants two official members.
        const refused = yield* memberCommand(commune2, giang, "AssignSponsors", "1993-06-01", {
          sponsors: [{ kind: "member", memberId: chi, knownSince: "1991-01-01" }]
        })
        assert.strictEqual(refused.status, 422, JSON.stringify(refused.body))
        assert.deepInclude(refused.body, { error: "RuleViolation", rule: "ADM-04", field: "data.sponsors" })
        assert.strictEqual((yield* call("GET", `/members/${giang}/events`, { caller: commune2 })).body.length, 1)
        // Official recognition a second time: the event does not apply to an official member (STR-04).
        const again = yield* memberCommand(district1, an, "RecognizeOfficial", "1994-11-10", {})
        assert.strictEqual(again.status, 422, JSON.stringify(again.body))
        assert.deepInclude(again.body, { rule: "STR-04", field: "type" })
        assert.isString(again.body.message)
        assert.isString(again.body.messageVi)
        const history = yield* call("GET", `/members/${an}/events`, { caller: district1 })
        assert.strictEqual(history.body.length, 7)
      }))

    it.effect("answers a body that does not decode with 400 and the field", () =>
      Effect.gen(function*() {
        const badDate = yield* memberCommand(
          commune1,
          Ids.memberId("01J00000000000000000000BD1"),
          "RegisterCandidate",
          "1993-03-01",
          {
            orgId: village1,
            person: { fullName: "Hoàng Văn Dũng", birthDate: "1970-13-40", gender: "male", religion: null }
          }
        )
        assert.strictEqual(badDate.status, 400)
        assert.deepInclude(badDate.body, { error: "MalformedRequest", rule: "EVT-04", field: "data.person.birthDate" })
        // A NUL is valid JSON but no text PostgreSQL can hold: refused as the field, not a 500.
        const nul = yield* memberCommand(
          commune1,
          Ids.memberId("01J00000000000000000000BD1"),
          "RegisterCandidate",
          "1993-03-01",
          {
            orgId: village1,
            person: { fullName: "Hoàng\u0000Văn Dũng", birthDate: "1970-12-01", gender: "male", religion: null }
          }
        )
        assert.strictEqual(nul.status, 400, JSON.stringify(nul.body))
        assert.deepInclude(nul.body, { error: "MalformedRequest", rule: "EVT-04", field: "data.person.fullName" })
        const unknown = yield* memberCommand(commune1, an, "Promote", "1995-01-01", {})
        assert.strictEqual(unknown.status, 400)
        assert.strictEqual(unknown.body.field, "_tag")
        const notJson = yield* call("POST", `/members/${an}/commands`, { caller: commune1, raw: "{not json" })
        assert.strictEqual(notJson.status, 400)
        assert.deepInclude(notJson.body, { error: "MalformedRequest", rule: "EVT-01" })
        // A body over the limit is refused (and not read whole first), however valid its start.
        const huge = JSON.stringify({
          _tag: "Rate",
          occurredOn: "1995-12-20",
          data: { period: "1995", level: "good", note: "x".repeat(200_000) }
        })
        const tooLarge = yield* call("POST", `/members/${an}/commands`, { caller: commune1, raw: huge })
        assert.strictEqual(tooLarge.status, 400)
        assert.deepInclude(tooLarge.body, { rule: "EVT-01", message: "the body is larger than 64 KiB" })
        // A query parameter the route does not take is refused, not ignored (nothing is recorded).
        const before = (yield* call("GET", `/members/${an}/events`, { caller: commune1 })).body.length
        const dryRun = yield* call("POST", `/members/${an}/commands?dryRun=true`, {
          caller: commune1,
          body: { _tag: "Rate", occurredOn: "1995-12-20", data: { period: "1995", level: "good" } }
        })
        assert.strictEqual(dryRun.status, 400)
        assert.deepInclude(dryRun.body, { error: "MalformedRequest", field: "dryRun" })
        assert.strictEqual((yield* call("GET", `/members/${an}/events`, { caller: commune1 })).body.length, before)
        assert.strictEqual((yield* call("GET", `/members/${an}?foo=bar`, { caller: commune1 })).status, 400)
        const badId = yield* call("GET", "/members/not-a-ulid", { caller: commune1 })
        assert.strictEqual(badId.status, 400)
        assert.strictEqual(badId.body.field, "id")
      }))

    it.effect("answers a body not sent as JSON with 415, another method with 405 and Allow, an unknown path with 404", () =>
      Effect.gen(function*() {
        const rate = { _tag: "Rate", occurredOn: "1995-12-20", data: { period: "1995", level: "good" } }
        const before = (yield* call("GET", `/members/${an}/events`, { caller: commune1 })).body.length
        for (const contentType of [null, "text/plain", "application/jsonp", "application/x-www-form-urlencoded"]) {
          const refused = yield* call("POST", `/members/${an}/commands`, { caller: commune1, body: rate, contentType })
          assert.strictEqual(refused.status, 415, String(contentType))
          assert.strictEqual(refused.body.error, "UnsupportedMediaType")
          assert.strictEqual(refused.headers.get("accept-post"), "application/json")
        }
        assert.strictEqual((yield* call("GET", `/members/${an}/events`, { caller: commune1 })).body.length, before)
        // JSON with its charset, in any case, is JSON: the body is read (and this one refused for its level).
        const read = yield* call("POST", `/members/${an}/commands`, {
          caller: commune1,
          body: { ...rate, data: { period: "1995", level: "superb" } },
          contentType: "Application/JSON; charset=UTF-8"
        })
        assert.strictEqual(read.status, 400, JSON.stringify(read.body))
        assert.deepInclude(read.body, { error: "MalformedRequest", rule: "EVT-04", field: "data.level" })

        const put = yield* call("PUT", `/members/${an}/commands`, { caller: commune1 })
        assert.strictEqual(put.status, 405)
        assert.strictEqual(put.headers.get("allow"), "POST")
        assert.deepInclude(put.body, { error: "MethodNotAllowed" })
        const deleted = yield* call("DELETE", `/members/${an}`, { caller: commune1 })
        assert.strictEqual(deleted.status, 405)
        assert.strictEqual(deleted.headers.get("allow"), "GET, HEAD")
        const posted = yield* call("POST", `/organizations/${commune1}/statistics`, { caller: commune1, body: {} })
        assert.strictEqual(posted.status, 405)
        assert.strictEqual(posted.headers.get("allow"), "GET, HEAD")
        const nowhere = yield* call("GET", `/members`, { caller: commune1 })
        assert.strictEqual(nowhere.status, 404)
        assert.deepInclude(nowhere.body, { error: "RouteNotFound", message: "no route /members" })
        // A path read as the router reads it: a trailing slash, repeated slashes, any case.
        for (const path of [`/members/${an}/`, `//members/${an}`, `/Members/${an}`]) {
          const other = yield* call("DELETE", path, { caller: commune1 })
          assert.strictEqual(other.status, 405, path)
          assert.strictEqual(other.headers.get("allow"), "GET, HEAD")
        }
        // HEAD of a GET route is its GET without a body; of a POST route, 405.
        const head = yield* call("HEAD", `/members/${an}`, { caller: commune1 })
        assert.strictEqual(head.status, 200)
        assert.isUndefined(head.body)
        const headCommands = yield* call("HEAD", `/members/${an}/commands`, { caller: commune1 })
        assert.strictEqual(headCommands.status, 405)
        assert.strictEqual(headCommands.headers.get("allow"), "POST")
        // An id longer than the router takes is no route, not a method the path lacks.
        const long = yield* call("GET", `/members/${"A".repeat(120)}`, { caller: commune1 })
        assert.strictEqual(long.status, 404)
      }))

    it.effect("keeps a district out of another district's members (403), and callers must say who they are (401)", () =>
      Effect.gen(function*() {
        const read = yield* call("GET", `/members/${an}`, { caller: district2 })
        assert.strictEqual(read.status, 403)
        assert.strictEqual(read.body.error, "OutsideSubtree")
        assert.strictEqual((yield* call("GET", `/members/${an}/events`, { caller: commune2 })).status, 403)
        const write = yield* memberCommand(district2, an, "Rate", "1995-12-20", { period: "1995", level: "good" })
        assert.strictEqual(write.status, 403)
        // Registering a candidate into another district's branch.
        const register = yield* memberCommand(
          district2,
          Ids.memberId("01J00000000000000000000DG1"),
          "RegisterCandidate",
          "1993-03-01",
          {
            orgId: village1,
            person: { fullName: "Đỗ Văn Giang", birthDate: "1971-01-01", gender: "male", religion: null }
          }
        )
        assert.strictEqual(register.status, 403)
        assert.strictEqual((yield* call("GET", `/members/${an}`)).status, 401)
        assert.strictEqual((yield* call("GET", `/members/${an}`, { caller: "nonsense" as Ids.OrgId })).status, 401)
        // The refused write stored nothing.
        const history = yield* call("GET", `/members/${an}/events`, { caller: province })
        assert.strictEqual(history.status, 200)
        assert.strictEqual(history.body.length, 7)
        assert.strictEqual(
          (yield* call("GET", `/members/${Ids.memberId("01J00000000000000000000ZZ1")}`, { caller: province })).status,
          404
        )
      }))

    it.effect("reads a member: status, branch, party age and events", () =>
      Effect.gen(function*() {
        const summary = yield* call("GET", `/members/${an}`, { caller: village1 })
        assert.strictEqual(summary.status, 200, JSON.stringify(summary.body))
        assert.deepStrictEqual(summary.body, {
          memberId: an,
          fullName: "Nguyễn Văn An",
          status: "official",
          branch: village1,
          inTransit: false,
          transit: null,
          asOf: "2026-11-22",
          // Admitted 1993-09-20: 33 years and 2 months on 2026-11-22.
          partyAge: { years: 33, totalMonths: 398 },
          officialOn: "1994-10-10",
          cardNo: null,
          badges: []
        })
        // ULIDs are case-insensitive: the id and the caller in lower case name the same.
        const lower = yield* call("GET", `/members/${an.toLowerCase()}`, {
          caller: village1.toLowerCase() as Ids.OrgId
        })
        assert.strictEqual(lower.status, 200, JSON.stringify(lower.body))
        assert.deepStrictEqual(lower.body, summary.body)
        const events = yield* call("GET", `/members/${an}/events`, { caller: commune1 })
        assert.deepStrictEqual(events.body.map((e: { type: string }) => e.type), [
          "CandidateRegistered",
          "AwarenessCourseCompleted",
          "SponsorsAssigned",
          "BranchResolutionPassed",
          "AdmissionDecided",
          "AdmissionCeremonyHeld",
          "OfficialRecognized"
        ])
        assert.deepStrictEqual(events.body.map((e: { streamVersion: number }) => e.streamVersion), [
          1,
          2,
          3,
          4,
          5,
          6,
          7
        ])
      }))

    it.effect("reports the statistics of a subtree: stocks by status on asOf, flows in the period", () =>
      Effect.gen(function*() {
        // An is still a candidate on 1993-06-01: only the two officials imported on 1993-01-01.
        const before = yield* statistics(district1, district1, { asOf: "1993-06-01" })
        assert.strictEqual(before.status, 200, JSON.stringify(before.body))
        assert.deepStrictEqual(before.body.query, {
          org: district1,
          from: "1993-01-01",
          to: "1993-06-01",
          asOf: "1993-06-01",
          knownAt: null,
          structureAsOf: null,
          period: "1993"
        })
        assert.deepInclude(before.body.stocks, { total: 2, probationary: 0, official: 2, female: 1, inTransit: 0 })
        assert.deepInclude(before.body.flows, { admitted: 0, importedOpening: 2 })
        assert.deepInclude(before.body.organizations, { tccsd: 1, cellsUnderGrassroots: 1, withoutMembers: 0 })
        assert.deepInclude(before.body.organizations.byKind, { upper: 1, grassrootsCommittee: 1, cell: 1 })

        // The year of An's admission (1993-09-20): probationary at the end of it.
        const year = yield* statistics(district1, district1, { from: "1993-01-01", to: "1993-12-31" })
        assert.strictEqual(year.status, 200, JSON.stringify(year.body))
        assert.deepInclude(year.body.stocks, { total: 3, probationary: 1, official: 2 })
        assert.deepInclude(year.body.flows, { admitted: 1, recognizedOfficial: 0, importedOpening: 2 })
        assert.deepInclude(year.body.flows.admittedBreakdown, { female: 0, youth: 1 })
        assert.deepInclude(year.body.ratios, { admissionRate: null, planTarget: null, planAttainment: null })
        assert.deepStrictEqual(Object.keys(year.body), [
          "query",
          "stocks",
          "flows",
          "ratings",
          "ratios",
          "organizations"
        ])

        // 1994: An recognised official (1994-10-10); the province sees both districts.
        const all = yield* statistics(province, province, { from: "1994-01-01", to: "1994-12-31" })
        assert.deepInclude(all.body.stocks, { total: 4, probationary: 0, official: 4, female: 2 })
        assert.deepInclude(all.body.flows, { admitted: 0, recognizedOfficial: 1 })
        // 1994's admissions over the members at the end of 1993 (3 in district 1, Chi in district 2).
        assert.deepInclude(all.body.ratios, { admissionRate: 0 })
        assert.deepInclude(all.body.ratios.samePeriodLastYear, { admitted: 1, admittedChange: -1, admittedRatio: 0 })
        assert.strictEqual(all.body.organizations.byKind.province, 1)
        assert.strictEqual(all.body.organizations.byKind.cell, 2)

        const village = yield* statistics(commune2, village2, { asOf: "1995-01-01" })
        assert.deepInclude(village.body.stocks, { total: 1, official: 1, female: 1 })
        // As of a date before anyone was recorded.
        const past = yield* statistics(province, province, { asOf: "1992-12-31" })
        assert.strictEqual(past.status, 200)
        assert.deepInclude(past.body.stocks, { total: 0, official: 0 })
        // Without dates: as of today (2026-11-22), the year so far.
        const today = yield* statistics(district1, district1)
        assert.deepInclude(today.body.query, { from: "2026-01-01", to: "2026-11-22", asOf: "2026-11-22" })
        assert.deepInclude(today.body.stocks, { total: 3, official: 3 })
      }))

    it.effect("sees a write at once, and leaves it out as known before it was recorded (knownAt)", () =>
      Effect.gen(function*() {
        // A member recorded a day later, effective 1993: the statistics read just after sees her.
        now = firstDay + 86_400_000
        const dung = Ids.memberId("01J00000000000000000000DZ1")
        const imported = yield* importOfficial(district2, dung, village2, "Hoàng Thị Dung").pipe(
          Effect.ensuring(Effect.sync(() => void (now = firstDay)))
        )
        assert.strictEqual(imported.status, 201, JSON.stringify(imported.body))
        assert.strictEqual(imported.body.events[0].recordedAt, "2026-11-23T08:00:00.000Z")
        const current = yield* statistics(province, province, { asOf: "1995-01-01" })
        assert.deepInclude(current.body.stocks, { total: 5, female: 3 })
        const known = yield* statistics(province, province, { asOf: "1995-01-01", knownAt: "2026-11-22T12:00:00Z" })
        assert.strictEqual(known.status, 200, JSON.stringify(known.body))
        assert.strictEqual(known.body.query.knownAt, "2026-11-22T12:00:00Z")
        assert.deepInclude(known.body.stocks, { total: 4, female: 2 })
        // The same period restated on today's tree gives the same figures (nothing was restructured).
        const restated = yield* statistics(district2, district2, { asOf: "1995-01-01", structureAsOf: "2026-11-22" })
        assert.deepInclude(restated.body.stocks, { total: 2, female: 2 })
        assert.strictEqual(restated.body.query.structureAsOf, "2026-11-22")
      }))

    it.effect("refuses a bad statistics query with 400 naming the field", () =>
      Effect.gen(function*() {
        const refused = (query: Record<string, string>) =>
          Effect.map(statistics(district1, district1, query), (answer) => {
            assert.strictEqual(answer.status, 400, JSON.stringify(answer.body))
            return answer.body
          })
        assert.deepInclude(yield* refused({ asOf: "1994-02-30" }), { error: "InvalidQuery", field: "asOf" })
        assert.deepInclude(yield* refused({ to: "1994-12-31", from: "1995-01-01" }), {
          error: "InvalidQuery",
          field: "from"
        })
        assert.deepInclude(yield* refused({ asOf: "1995-01-01", knownAt: "yesterday" }), { field: "knownAt" })
        assert.deepInclude(yield* refused({ asOf: "1995-01-01", structureAsOf: "2026-13-01" }), {
          field: "structureAsOf"
        })
        assert.deepInclude(yield* refused({ asOf: "1995-01-01", period: "1995-H3" }), { field: "period" })
        assert.deepInclude(yield* refused({ asof: "1995-01-01" }), { error: "MalformedRequest", field: "asof" })
        const twice = yield* call("GET", `/organizations/${district1}/statistics?asOf=1995-01-01&asOf=1996-01-01`, {
          caller: district1
        })
        assert.strictEqual(twice.status, 400)
        assert.deepInclude(twice.body, { error: "MalformedRequest", field: "asOf" })
      }))

    it.effect("answers statistics only within the caller's subtree (403), and 404 for an unknown organisation", () =>
      Effect.gen(function*() {
        const foreign = yield* statistics(district2, district1, { asOf: "1995-01-01" })
        assert.strictEqual(foreign.status, 403)
        assert.strictEqual(foreign.body.error, "OutsideSubtree")
        assert.strictEqual((yield* statistics(district1, province, { asOf: "1995-01-01" })).status, 403)
        assert.strictEqual((yield* statistics(commune1, village2, { asOf: "1995-01-01" })).status, 403)
        const unknown = yield* statistics(province, Ids.orgId("01J0000000000000000000ZZ01"), { asOf: "1995-01-01" })
        assert.strictEqual(unknown.status, 404)
        assert.strictEqual(unknown.body.error, "OrganizationNotFound")
        // Not yet founded on the date asked.
        assert.strictEqual((yield* statistics(province, district1, { asOf: "1989-12-31" })).status, 404)
        // Founded after the instant the report is known at.
        const notYetKnown = yield* statistics(province, district1, {
          asOf: "1995-01-01",
          knownAt: "2026-11-21T00:00:00Z"
        })
        assert.strictEqual(notYetKnown.status, 404)
        assert.strictEqual(notYetKnown.body.error, "UnknownOrganization")
      }))

    it.effect("finds the members rated excellent years running (commendations), within the caller's subtree", () =>
      Effect.gen(function*() {
        const rate = (member: Ids.MemberId, year: number, level: string) =>
          Effect.map(
            memberCommand(district1, member, "Rate", `${year}-12-20`, { period: String(year), level }),
            (answer) => assert.strictEqual(answer.status, 201, JSON.stringify(answer.body))
          )
        // Bình: excellent 1993–1995; Cường: excellent 1993 and 1995, good in 1994.
        for (const year of [1993, 1994, 1995]) yield* rate(sponsorA, year, "excellent")
        for (const [year, level] of [[1993, "excellent"], [1994, "good"], [1995, "excellent"]] as const) {
          yield* rate(sponsorB, year, level)
        }
        const three = yield* commendations(district1, district1, { lastYear: "1995", years: "3" })
        assert.strictEqual(three.status, 200, JSON.stringify(three.body))
        assert.deepStrictEqual(three.body, [{ memberId: sponsorA, unit: village1, since: 1993 }])
        const one = yield* commendations(district1, commune1, { lastYear: "1995", years: "1" })
        assert.deepStrictEqual(one.body.map((r: { memberId: string }) => r.memberId), [sponsorA, sponsorB].sort())
        // As known the day before the service recorded anything (its clock: 2026-11-22): no district.
        const before = yield* commendations(district1, district1, { lastYear: "1995", knownAt: "2026-11-21T00:00:00Z" })
        assert.strictEqual(before.status, 404)
        // Outside the caller's subtree, a bad parameter, a missing lastYear.
        assert.strictEqual((yield* commendations(district2, district1, { lastYear: "1995" })).status, 403)
        assert.deepInclude((yield* commendations(district1, district1, { lastYear: "1995", years: "0" })).body, {
          error: "InvalidQuery",
          field: "years"
        })
        assert.deepInclude((yield* commendations(district1, district1, { lastYear: "95x" })).body, {
          error: "MalformedRequest",
          field: "lastYear"
        })
        assert.deepInclude((yield* commendations(district1, district1, {})).body, {
          error: "MalformedRequest",
          field: "lastYear"
        })
      }))

    it.effect("follows a member in transit (TRF-03): the letter's date, the sending branch and where it sends her", () =>
      Effect.gen(function*() {
        const dung = Ids.memberId("01J00000000000000000000DZ1")
        // Chi is sent to village 1 of this dataset; Dung to another province's records.
        const toVillage = yield* memberCommand(district2, chi, "TransferOut", "2026-11-10", {
          kind: "official",
          toOrgId: village1
        })
        assert.strictEqual(toVillage.status, 201, JSON.stringify(toVillage.body))
        const away = yield* memberCommand(district2, dung, "TransferOut", "2026-11-16", {
          kind: "official",
          destination: "Đảng bộ tỉnh Lào Cai"
        })
        assert.strictEqual(away.status, 201, JSON.stringify(away.body))
        const summaryOf = (member: Ids.MemberId) =>
          Effect.map(call("GET", `/members/${member}`, { caller: district2 }), (answer) => {
            assert.strictEqual(answer.status, 200, JSON.stringify(answer.body))
            return answer.body
          })
        assert.deepInclude(yield* summaryOf(chi), {
          branch: village2,
          inTransit: true,
          transit: { since: "2026-11-10", from: village2, toOrgId: village1, outside: false }
        })
        assert.deepInclude(yield* summaryOf(dung), {
          branch: village2,
          inTransit: true,
          transit: { since: "2026-11-16", from: village2, toOrgId: null, outside: true }
        })
        // Received in village 1: no longer in transit.
        const arrived = yield* memberCommand(district1, chi, "TransferIn", "2026-11-20", { orgId: village1 })
        assert.strictEqual(arrived.status, 201, JSON.stringify(arrived.body))
        const received = yield* call("GET", `/members/${chi}`, { caller: village1 })
        assert.deepInclude(received.body, { branch: village1, inTransit: false, transit: null })
        // The statistics of today: both in transit until Chi's arrival on 2026-11-20, one of them outside.
        const onThe18th = yield* statistics(province, province, { asOf: "2026-11-18" })
        assert.deepInclude(onThe18th.body.stocks, { inTransit: 2, inTransitOutside: 1 })
        const today = yield* statistics(province, province)
        assert.deepInclude(today.body.stocks, { inTransit: 1, inTransitOutside: 1 })
      }))

    it.effect("records a command sent again with its Idempotency-Key once, and answers the first recording", () =>
      Effect.gen(function*() {
        const giang = Ids.memberId("01J00000000000000000000GZ1")
        const key = "01J0000000000000000000KEY1"
        const register = (caller: Ids.OrgId, occurredOn: string, idempotencyKey: string = key) =>
          call("POST", `/members/${giang}/commands`, {
            caller,
            idempotencyKey,
            body: {
              _tag: "RegisterCandidate",
              occurredOn,
              data: {
                orgId: village1,
                person: { fullName: "Đỗ Thị Giang", birthDate: "2001-04-05", gender: "female", religion: null }
              }
            }
          })
        const first = yield* register(commune1, "2026-11-02")
        assert.strictEqual(first.status, 201, JSON.stringify(first.body))
        assert.deepInclude(first.body, { streamVersion: 1, replayed: false })
        assert.strictEqual(first.body.events[0].id, key)
        // The answer was lost; the client sends the same request again (the key in lower case is the same key).
        const again = yield* register(commune1, "2026-11-02", key.toLowerCase())
        assert.strictEqual(again.status, 200, JSON.stringify(again.body))
        assert.deepStrictEqual(again.body, { ...first.body, replayed: true })
        assert.strictEqual(again.headers.get("idempotent-replayed"), "true")
        const events = yield* call("GET", `/members/${giang}/events`, { caller: commune1 })
        assert.strictEqual(events.body.length, 1)
        // The key is one command's: not another date's, nor other data, nor another caller's.
        const otherData = yield* call("POST", `/members/${giang}/commands`, {
          caller: commune1,
          idempotencyKey: key,
          body: {
            _tag: "RegisterCandidate",
            occurredOn: "2026-11-02",
            data: {
              orgId: village1,
              person: { fullName: "Đỗ Thị Hương", birthDate: "2001-04-05", gender: "female", religion: null }
            }
          }
        })
        assert.strictEqual(otherData.status, 409, JSON.stringify(otherData.body))
        const otherDate = yield* register(commune1, "2026-11-03")
        assert.strictEqual(otherDate.status, 409, JSON.stringify(otherDate.body))
        assert.strictEqual(otherDate.body.error, "IdempotencyKeyInUse")
        const otherCaller = yield* register(district1, "2026-11-02")
        assert.strictEqual(otherCaller.status, 409, JSON.stringify(otherCaller.body))
        // Without a key the rule book judges a repeat (STR-01: the stream has started); a bad key is a 400.
        const unkeyed = yield* memberCommand(commune1, giang, "RegisterCandidate", "2026-11-02", {
          orgId: village1,
          person: { fullName: "Đỗ Thị Giang", birthDate: "2001-04-05", gender: "female", religion: null }
        })
        assert.strictEqual(unkeyed.status, 422, JSON.stringify(unkeyed.body))
        assert.strictEqual(unkeyed.body.rule, "STR-01")
        const badKey = yield* register(commune1, "2026-11-02", "request-1")
        assert.strictEqual(badKey.status, 400)
        assert.deepInclude(badKey.body, { error: "MalformedRequest", field: "Idempotency-Key" })
      }))
  })
})
