import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Result, Stream } from "effect"
import { TestClock } from "effect/testing"
import { decodeTime } from "ulid"
import * as CommandHandler from "../src/CommandHandler.ts"
import type { Decider } from "../src/Decider.ts"
import * as Envelope from "../src/Envelope.ts"
import { EventStore, ExpectedVersion, layerMemory } from "../src/EventStore.ts"
import { IdGenerator, keyedEventId, layerDeterministic, layerUlid } from "../src/IdGenerator.ts"
import { type EventId, eventId, isUlid, memberId, memberStream, orgId, orgStream, type StreamName } from "../src/Ids.ts"
import * as MemberCommand from "../src/MemberCommand.ts"
import * as MemberDecider from "../src/MemberDecider.ts"
import type * as OrgEvent from "../src/OrgEvent.ts"
import * as RuleViolation from "../src/RuleViolation.ts"

// ---------------------------------------------------------------------------------------------
// A tiny decider over organisation events: found once, rename to a different name.
// ---------------------------------------------------------------------------------------------

type Command =
  | { readonly _tag: "Found"; readonly name: string }
  | { readonly _tag: "Rename"; readonly name: string }
  | { readonly _tag: "Noop" }
  | { readonly _tag: "FoundRenamed"; readonly name: string; readonly renamedTo: string }

type Event = OrgEvent.Of<"OrganizationFounded" | "OrganizationRenamed">

interface State {
  readonly name: string | null
  readonly renames: number
}

/** Facts from outside the stream: today's date. */
interface Context {
  readonly today: string
}

const decider: Decider<Command, Event, State, Context> = {
  initialState: { name: null, renames: 0 },
  evolve: (state, event) => {
    switch (event.type) {
      case "OrganizationFounded":
        return { name: event.data.name, renames: 0 }
      case "OrganizationRenamed":
        return { name: event.data.name, renames: state.renames + 1 }
    }
  },
  decide: (command, state, context) => {
    switch (command._tag) {
      case "Found":
        return state.name !== null
          ? Result.fail(RuleViolation.make("ORG-01", "type", "already founded", "tổ chức đã được thành lập"))
          : Result.succeed([
            {
              type: "OrganizationFounded",
              occurredOn: context.today,
              data: { name: command.name, kind: "cell", parentId: null }
            }
          ])
      case "Rename":
        return state.name === command.name
          ? Result.fail(RuleViolation.make("ORG-05", "data.name", "the name is unchanged", "tên không thay đổi"))
          : Result.succeed([{ type: "OrganizationRenamed", occurredOn: context.today, data: { name: command.name } }])
      case "Noop":
        return Result.succeed([])
      case "FoundRenamed":
        return Result.succeed([
          {
            type: "OrganizationFounded",
            occurredOn: context.today,
            data: { name: command.name, kind: "cell", parentId: null }
          },
          { type: "OrganizationRenamed", occurredOn: context.today, data: { name: command.renamedTo } }
        ])
    }
  }
}

const stream = orgStream(orgId("01JD3Q8Y7W00000000000000AA"))
const today = { today: "2024-05-01" }
const now = Date.parse("2024-05-01T01:02:03.000Z")

const layer = Layer.mergeAll(layerMemory, layerDeterministic(1))
const run = <A, E>(effect: Effect.Effect<A, E, EventStore | IdGenerator>) =>
  Effect.provide(Effect.andThen(TestClock.setTime(now), effect), layer, { local: true })

/** Another writer's rename, appended behind the handler's back. */
let foreign = 0
const concurrentRename = Effect.gen(function*() {
  const store = yield* EventStore
  foreign++
  yield* store.append(
    stream,
    [{
      id: eventId(`01JD3Q8Y7WFFFFFFFFFFFF${String(foreign).padStart(4, "0")}`),
      type: "OrganizationRenamed",
      schemaVersion: 1,
      occurredOn: "2024-04-30",
      recordedAt: "2024-04-30T10:00:00.000Z",
      data: { name: `Foreign ${foreign}` }
    }],
    ExpectedVersion.any
  )
})

describe("CommandHandler.handle", () => {
  it.effect("CAL-01: refuses a fact dated after the clock's day in Vietnam, storing nothing", () =>
    run(Effect.gen(function*() {
      const found = CommandHandler.handle({
        decider,
        stream,
        command: { _tag: "Found", name: "Chi bộ 1" },
        context: { today: "2024-05-02" }
      })
      // 2024-05-01T01:02:03Z is 08:02 on 1 May in Vietnam; one millisecond before midnight there.
      for (const instant of ["2024-05-01T01:02:03.000Z", "2024-05-01T16:59:59.999Z"]) {
        yield* TestClock.setTime(Date.parse(instant))
        const refused = yield* Effect.flip(found)
        assert.deepInclude(refused, { _tag: "RuleViolation", rule: "CAL-01", field: "occurredOn" })
        assert.match(refused.message, /2024-05-02 is after today \(2024-05-01 in Vietnam\)/u)
        assert.deepStrictEqual(yield* (yield* EventStore).readStream(stream), [])
      }
      // Midnight on 2 May in Vietnam: recorded on the day it takes effect, and it reads back.
      yield* TestClock.setTime(Date.parse("2024-05-01T17:00:00.000Z"))
      const founded = yield* found
      assert.strictEqual(founded.events[0]!.recordedAt, "2024-05-01T17:00:00.000Z")
      const [stored] = yield* (yield* EventStore).readStream(stream)
      assert.isTrue(Result.isSuccess(Envelope.decode(JSON.parse(JSON.stringify(stored)))))
    })))

  it.effect("EVT-04 / EVT-02: refuses what is not text (a NUL, an unpaired surrogate), storing nothing", () =>
    run(Effect.gen(function*() {
      const found = (name: string, meta?: Envelope.Meta) =>
        Effect.flip(CommandHandler.handle({
          decider,
          stream,
          command: { _tag: "Found", name },
          context: today,
          ...(meta === undefined ? {} : { meta })
        }))
      assert.deepInclude(yield* found("Chi bộ\u00001"), {
        _tag: "RuleViolation",
        rule: "EVT-04",
        field: "data.name",
        message: "contains a NUL character (U+0000) at index 6, which is not text (PostgreSQL cannot store it)"
      })
      assert.deepInclude(yield* found("Chi bộ 1", { actor: "\ud800" }), { rule: "EVT-02", field: "meta.actor" })
      assert.deepStrictEqual(yield* (yield* EventStore).readStream(stream), [])
    })))

  it.effect("appends the decided events with generated ids, the clock's instant and meta", () =>
    run(Effect.gen(function*() {
      const founded = yield* CommandHandler.handle({
        decider,
        stream,
        command: { _tag: "Found", name: "Chi bộ 1" },
        context: today,
        meta: { actor: "tester" }
      })
      assert.deepStrictEqual(founded.events, [{
        id: eventId("00000000010000000000000001"),
        stream,
        type: "OrganizationFounded",
        schemaVersion: 1,
        occurredOn: "2024-05-01",
        recordedAt: "2024-05-01T01:02:03.000Z",
        data: { name: "Chi bộ 1", kind: "cell", parentId: null },
        meta: { actor: "tester" },
        streamVersion: 1,
        position: 1
      }])
      assert.deepStrictEqual(founded.state, { name: "Chi bộ 1", renames: 0 })
      assert.strictEqual(founded.streamVersion, 1)

      yield* TestClock.adjust("1 hour")
      const renamed = yield* CommandHandler.handle({
        decider,
        stream,
        command: { _tag: "Rename", name: "Chi bộ 2" },
        context: today
      })
      assert.strictEqual(renamed.events[0]!.id, eventId("00000000010000000000000002"))
      assert.strictEqual(renamed.events[0]!.recordedAt, "2024-05-01T02:02:03.000Z")
      assert.isFalse("meta" in renamed.events[0]!)
      assert.deepStrictEqual(renamed.state, { name: "Chi bộ 2", renames: 1 })
      assert.strictEqual(renamed.streamVersion, 2)

      const store = yield* EventStore
      assert.deepStrictEqual(yield* store.readStream(stream), [...founded.events, ...renamed.events])
    })))

  it.effect("a rule violation stores nothing", () =>
    run(Effect.gen(function*() {
      yield* CommandHandler.handle({ decider, stream, command: { _tag: "Found", name: "Chi bộ 1" }, context: today })
      const error = yield* Effect.flip(
        CommandHandler.handle({ decider, stream, command: { _tag: "Rename", name: "Chi bộ 1" }, context: today })
      )
      if (error._tag !== "RuleViolation") return assert.fail(`unexpected ${error._tag}`)
      assert.strictEqual(error.rule, "ORG-05")
      assert.strictEqual(error.field, "data.name")
      const store = yield* EventStore
      assert.strictEqual(yield* store.streamVersion(stream), 1)
      assert.strictEqual(yield* store.lastPosition, 1)
    })))

  it.effect("deciding nothing appends nothing", () =>
    run(Effect.gen(function*() {
      yield* CommandHandler.handle({ decider, stream, command: { _tag: "Found", name: "Chi bộ 1" }, context: today })
      const result = yield* CommandHandler.handle({ decider, stream, command: { _tag: "Noop" }, context: today })
      assert.deepStrictEqual(result, {
        events: [],
        state: { name: "Chi bộ 1", renames: 0 },
        streamVersion: 1,
        replayed: false
      })
    })))

  it.effect("the context can be computed from the state, with its own requirements", () =>
    run(Effect.gen(function*() {
      const seen: Array<State> = []
      const result = yield* CommandHandler.handle({
        decider,
        stream,
        command: { _tag: "Found", name: "Chi bộ 1" },
        context: (state: State) =>
          EventStore.useSync(() => {
            seen.push(state)
            return today
          })
      })
      assert.deepStrictEqual(seen, [decider.initialState])
      assert.strictEqual(result.streamVersion, 1)
    })))

  it.effect("a concurrent append between load and append is retried, and the retry sees it", () =>
    run(Effect.gen(function*() {
      yield* CommandHandler.handle({ decider, stream, command: { _tag: "Found", name: "Chi bộ 1" }, context: today })
      const seen: Array<State> = []
      const result = yield* CommandHandler.handle({
        decider,
        stream,
        command: { _tag: "Rename", name: "Chi bộ 2" },
        context: (state: State) =>
          Effect.gen(function*() {
            seen.push(state)
            if (seen.length === 1) yield* concurrentRename
            return today
          })
      })
      assert.strictEqual(seen.length, 2)
      assert.strictEqual(seen[1]!.renames, 1)
      assert.strictEqual(result.streamVersion, 3)
      assert.strictEqual(result.events[0]!.streamVersion, 3)
      assert.strictEqual(result.events[0]!.position, 3)
      assert.deepStrictEqual(result.state, { name: "Chi bộ 2", renames: 2 })
      const store = yield* EventStore
      const names = (yield* store.readStream(stream)).map((e) => (e.data as { name: string }).name)
      assert.deepStrictEqual(names, ["Chi bộ 1", `Foreign ${foreign}`, "Chi bộ 2"])
    })))

  it.effect("after maxRetries the conflict is returned", () =>
    run(Effect.gen(function*() {
      yield* CommandHandler.handle({ decider, stream, command: { _tag: "Found", name: "Chi bộ 1" }, context: today })
      let calls = 0
      const error = yield* Effect.flip(CommandHandler.handle({
        decider,
        stream,
        command: { _tag: "Rename", name: "Chi bộ 2" },
        maxRetries: 2,
        context: () =>
          Effect.gen(function*() {
            calls++
            yield* concurrentRename
            return today
          })
      }))
      if (error._tag !== "StreamVersionConflict") return assert.fail(`unexpected ${error._tag}`)
      assert.strictEqual(calls, 3)
      assert.strictEqual(error.stream, stream)
      assert.deepStrictEqual(error.expected, ExpectedVersion.exact(3))
      assert.strictEqual(error.actual, 4)
      const store = yield* EventStore
      const all = yield* Stream.runCollect(store.readAll())
      assert.isFalse(all.some((e) => e.type === "OrganizationRenamed" && e.data.name === "Chi bộ 2"))
    })))

  it.effect("maxRetries 0 does not retry", () =>
    run(Effect.gen(function*() {
      let calls = 0
      const error = yield* Effect.flip(CommandHandler.handle({
        decider,
        stream,
        command: { _tag: "Found", name: "Chi bộ 1" },
        maxRetries: 0,
        context: () => Effect.as(Effect.sync(() => calls++), today).pipe(Effect.tap(() => concurrentRename))
      }))
      assert.strictEqual(error._tag, "StreamVersionConflict")
      assert.strictEqual(calls, 1)
    })))

  it.effect("concurrent handlers on one stream all succeed, serialised by retries", () =>
    run(Effect.gen(function*() {
      yield* CommandHandler.handle({ decider, stream, command: { _tag: "Found", name: "Chi bộ 0" }, context: today })
      const results = yield* Effect.forEach(
        Array.from({ length: 10 }, (_, i) => i + 1),
        (i) =>
          CommandHandler.handle({
            decider,
            stream,
            command: { _tag: "Rename", name: `Chi bộ ${i}` },
            context: () => Effect.as(Effect.yieldNow, today),
            maxRetries: 20
          }),
        { concurrency: "unbounded" }
      )
      assert.deepStrictEqual(
        results.map((r) => r.streamVersion).sort((a, b) => a - b),
        Array.from({ length: 10 }, (_, i) => i + 2)
      )
      const store = yield* EventStore
      assert.strictEqual(yield* store.streamVersion(stream), 11)
    })))

  it.effect("make binds a decider and default options", () =>
    run(Effect.gen(function*() {
      const handleOrg = CommandHandler.make(decider, { meta: { source: "test" } })
      const result = yield* handleOrg({ stream, command: { _tag: "Found", name: "Chi bộ 1" }, context: today })
      assert.deepStrictEqual(result.events[0]!.meta, { source: "test" })
      const overridden = yield* handleOrg({
        stream,
        command: { _tag: "Rename", name: "Chi bộ 2" },
        context: today,
        meta: { source: "other" }
      })
      assert.deepStrictEqual(overridden.events[0]!.meta, { source: "other" })
    })))
})

describe("IdGenerator", () => {
  it.effect("layerDeterministic: valid, increasing, reproducible ULIDs per seed", () =>
    Effect.gen(function*() {
      const take = (seed: number) =>
        Effect.provide(
          IdGenerator.use((g) => Effect.all([g.next, g.next, g.next])),
          layerDeterministic(seed),
          { local: true }
        )
      const a = yield* take(1)
      assert.deepStrictEqual(a, [
        "00000000010000000000000001",
        "00000000010000000000000002",
        "00000000010000000000000003"
      ])
      assert.deepStrictEqual(yield* take(1), a)
      const b = yield* take(123456789)
      assert.isTrue(b.every(isUlid))
      assert.notDeepEqual(b, a)
      assert.isTrue(b[0]! < b[1]! && b[1]! < b[2]!)
    }))

  it.effect("layerUlid: valid, strictly increasing ULIDs timed by the Clock", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(now)
      const ids = yield* Effect.provide(
        IdGenerator.use((g) => Effect.all(Array.from({ length: 100 }, () => g.next))),
        layerUlid,
        { local: true }
      )
      assert.isTrue(ids.every(isUlid))
      assert.isTrue(ids.every((id, i) => i === 0 || ids[i - 1]! < id))
      assert.isTrue(ids.every((id) => id.startsWith(ids[0]!.slice(0, 10))))
      assert.strictEqual(decodeTime(ids[0]!), now)
    }))
})

/** A command of two events, under a key. */
const foundRenamed = (idempotencyKey: EventId, name = "Chi bộ 1") =>
  CommandHandler.handle({
    decider,
    stream,
    command: { _tag: "FoundRenamed", name, renamedTo: `${name}, mới` },
    context: today,
    idempotencyKey
  })

describe("CommandHandler.handle with an idempotencyKey", () => {
  const key = eventId("01JD3Q8Y7W3K6T9V2N4B5C6D7E")
  it("keyedEventId: the key, then ULIDs of the key's time, distinct, the same on every call", () => {
    const ids = Array.from({ length: 50 }, (_, i) => keyedEventId(key, i))
    assert.strictEqual(ids[0], key)
    assert.strictEqual(new Set(ids).size, 50)
    for (const id of ids) {
      assert.isTrue(isUlid(id), id)
      assert.strictEqual(decodeTime(id), decodeTime(key))
    }
    assert.deepStrictEqual(Array.from({ length: 50 }, (_, i) => keyedEventId(key, i)), ids)
    // Not the ids a monotonic generator makes next to the key (a client's next key).
    assert.notStrictEqual(keyedEventId(key, 1), "01JD3Q8Y7W3K6T9V2N4B5C6D7F")
    // Fixed: a retry made by a later version of the library must find the same ids.
    assert.strictEqual(keyedEventId(key, 1), "01JD3Q8Y7WD90GT62930XM0GXJ")
  })

  it.effect("records the command once: a retry answers the events recorded under the key, not deciding again", () =>
    run(Effect.gen(function*() {
      const first = yield* foundRenamed(key)
      assert.isFalse(first.replayed)
      assert.deepStrictEqual(first.events.map((e) => e.id), [key, keyedEventId(key, 1)])
      // The answer was lost (a dropped connection); the caller sends the command again, later.
      yield* TestClock.adjust("1 hour")
      const again = yield* foundRenamed(key)
      assert.isTrue(again.replayed)
      assert.deepStrictEqual(again.events, first.events)
      assert.deepStrictEqual(again.state, first.state)
      assert.strictEqual(again.streamVersion, 2)
      // ULIDs are read in any case: the key in small letters is the same key.
      const lower = yield* foundRenamed(eventId(key.toLowerCase()))
      assert.deepStrictEqual([lower.replayed, lower.events], [true, first.events])
      const store = yield* EventStore
      assert.deepStrictEqual(yield* store.readStream(stream), first.events)
      // Another command is decided, under its own key; the first key still answers its own events.
      const renamed = yield* CommandHandler.handle({
        decider,
        stream,
        command: { _tag: "Rename", name: "Chi bộ 9" },
        context: today,
        idempotencyKey: eventId("01JD3Q8Y7W3K6T9V2N4B5C6D7F")
      })
      assert.deepStrictEqual([renamed.replayed, renamed.streamVersion], [false, 3])
      const sentAgain = yield* foundRenamed(key, "Chi bộ khác")
      assert.deepStrictEqual([sentAgain.replayed, sentAgain.events], [true, first.events])
      assert.deepStrictEqual(sentAgain.state, renamed.state)
      assert.strictEqual((yield* store.readStream(stream)).length, 3)
    })))

  /** The keyed command, while the same command lands between its read and its append (then `after` runs). */
  const racing = (after: Effect.Effect<void>) =>
    Effect.gen(function*() {
      let racer: CommandHandler.HandleResult<Event, State> | undefined
      let attempts = 0
      const raced = yield* CommandHandler.handle({
        decider,
        stream,
        command: { _tag: "FoundRenamed", name: "Chi bộ 1", renamedTo: "Chi bộ 1, mới" },
        idempotencyKey: key,
        context: () =>
          Effect.gen(function*() {
            attempts++
            racer ??= yield* foundRenamed(key)
            yield* after
            return today
          })
      })
      assert.isFalse(racer!.replayed)
      assert.isTrue(raced.replayed)
      assert.deepStrictEqual(raced.events, racer!.events)
      assert.strictEqual(yield* (yield* EventStore).streamVersion(stream), 2)
      return attempts
    })

  it.effect("a retry that races the first attempt: one records, the other answers its events", () =>
    // The same instant: the store skips the identical events, and the handler reads them back.
    run(Effect.asVoid(racing(Effect.void))))

  it.effect("a retry that races the first attempt at another instant: its append finds the key's events", () =>
    run(Effect.gen(function*() {
      // The append found the key's ids stored with another recordedAt: it answers those events,
      // without another attempt.
      assert.strictEqual(yield* racing(TestClock.adjust("1 second")), 1)
    })))

  it.effect("EVT-02: a key that is not a ULID is refused, as the first event's id would be", () =>
    run(Effect.gen(function*() {
      const error = yield* Effect.flip(foundRenamed(eventId("request-42")))
      assert.deepInclude(error, { _tag: "RuleViolation", rule: "EVT-02", field: "id" })
      assert.deepStrictEqual(yield* (yield* EventStore).readStream(stream), [])
    })))

  it.effect("a key that is an event of another stream fails the append, storing nothing", () =>
    run(Effect.gen(function*() {
      yield* foundRenamed(key)
      const other = orgStream(orgId("01JD3Q8Y7W00000000000000BB"))
      const error = yield* Effect.flip(CommandHandler.handle({
        decider,
        stream: other,
        command: { _tag: "Found", name: "Chi bộ 2" },
        context: today,
        idempotencyKey: key
      }))
      assert.strictEqual(error._tag, "DuplicateEvent")
      assert.deepStrictEqual(yield* (yield* EventStore).readStream(other), [])
    })))
})

const register = (occurredOn: string, data: unknown) =>
  MemberCommand.make("RegisterCandidate", occurredOn, data as never)

describe("CommandHandler.handle: EVT-02…04, what a command built without the types would store", () => {
  const member = memberStream(memberId("01JD3Q8Y7W00000000000000MM"))
  const cell = orgId("01JD3Q8Y7W00000000000000CE")
  const person = { fullName: "Lò Văn Páo", birthDate: "1990-04-01", gender: "male", religion: null }
  const record = (command: unknown, on: StreamName = member) =>
    CommandHandler.handle({ decider: MemberDecider.decider, stream: on, command: command as never, context: {} })
  const refusal = (command: unknown, on?: StreamName) =>
    Effect.gen(function*() {
      const refused = yield* Effect.flip(record(command, on))
      assert.deepStrictEqual(yield* (yield* EventStore).readStream(on ?? member), [])
      return refused._tag === "RuleViolation"
        ? { rule: refused.rule, field: refused.field, message: refused.message }
        : refused._tag
    })

  it.effect("a date that is not one, a field value outside the catalog, an unknown field: refused, nothing stored", () =>
    run(Effect.gen(function*() {
      assert.deepInclude(yield* refusal(register("yesterday", { orgId: cell, person })), {
        rule: "EVT-04",
        field: "occurredOn"
      })
      assert.deepInclude(
        yield* refusal(register("2010-01-05", { orgId: cell, person: { ...person, birthDate: "1985-02-30" } })),
        { rule: "EVT-04", field: "data.person.birthDate" }
      )
      assert.deepInclude(
        yield* refusal(register("2010-01-05", { orgId: cell, person: { ...person, gender: "x" } })),
        { rule: "EVT-04", field: "data.person.gender" }
      )
      assert.deepInclude(
        yield* refusal(register("2010-01-05", { orgId: cell, person: { ...person, extra: 1 } })),
        { rule: "EVT-04", field: "data.person.extra" }
      )
      // The same command with the catalog's values is recorded, and reads back as a file would.
      const registered = yield* record(register("2010-01-05", { orgId: cell, person }))
      assert.isTrue(Result.isSuccess(Envelope.decode(JSON.parse(JSON.stringify(registered.events[0])))))
    })))

  it.effect("a stream name that is not member-<ULID> or org-<ULID> (EVT-02), or of the other kind (EVT-03)", () =>
    run(Effect.gen(function*() {
      const command = register("2010-01-05", { orgId: cell, person })
      for (const name of ["member-alice", "member-01jd3q8y7w00000000000000mm", "01JD3Q8Y7W00000000000000MM"]) {
        assert.deepInclude(yield* refusal(command, name as StreamName), { rule: "EVT-02", field: "stream" })
      }
      assert.deepInclude(yield* refusal(command, orgStream(cell)), { rule: "EVT-03", field: "type" })
    })))
})
