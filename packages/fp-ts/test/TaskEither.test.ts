import { EventStore, IdGenerator, Ids, MemberCommand, MemberDecider, type Projection } from "@dangvien/core"
import { SqliteEventStore } from "@dangvien/store-sqlite"
import * as E from "fp-ts/lib/Either.js"
import { afterAll, describe, expect, it } from "vitest"
import * as TaskEither from "../src/TaskEither.ts"

const branch = Ids.orgId("01J0000000000000000000CE01")
const an = Ids.memberId("01J00000000000000000000AN1")
const context: MemberDecider.Context = { self: an, org: () => ({ kind: "cell" }) }

describe("TaskEither over a SQLite store", () => {
  // #region open
  const store = TaskEither.make(SqliteEventStore.layer({ filename: ":memory:" }), {
    ids: IdGenerator.layerDeterministic(1) // default: IdGenerator.layerUlid
  })
  // #endregion open
  afterAll(() => store.dispose())

  it("handle: Right with the appended events, Left with the rule of a refusal; readStream sees them", async () => {
    // #region handle
    const registered = await store.handle(MemberDecider.decider, {
      stream: Ids.memberStream(an),
      command: MemberCommand.make("RegisterCandidate", "2020-03-01", {
        orgId: branch,
        person: {
          fullName: "Nguyễn Văn An",
          birthDate: "1998-05-20",
          gender: "male",
          religion: null,
          education: "upperSecondary"
        }
      }),
      context
    })()
    // registered: Either<HandleError, HandleResult>; a refusal is Left(RuleViolation { rule, field, message })
    expect(E.isRight(registered) && registered.right.events.map((e) => [e.type, e.streamVersion])).toEqual([
      ["CandidateRegistered", 1]
    ])
    // #endregion handle
    const again = await store.handle(MemberDecider.decider, {
      stream: Ids.memberStream(an),
      command: MemberCommand.make("RegisterCandidate", "2020-03-02", {
        orgId: branch,
        person: {
          fullName: "Nguyễn Văn An",
          birthDate: "1998-05-20",
          gender: "male",
          religion: null,
          education: "upperSecondary"
        }
      }),
      context
    })()
    expect(E.isLeft(again) && again.left._tag).toBe("RuleViolation")
    const stream = await store.readStream(Ids.memberStream(an))()
    expect(E.isRight(stream) && stream.right.length).toBe(1)
  })

  it("handle with an idempotencyKey: a retry answers what the key recorded (replayed), recording nothing again", async () => {
    const bich = Ids.memberId("01J00000000000000000000B11")
    const register = () =>
      store.handle(MemberDecider.decider, {
        stream: Ids.memberStream(bich),
        command: MemberCommand.make("RegisterCandidate", "2020-03-01", {
          orgId: branch,
          person: { fullName: "Lê Thị Bích", birthDate: "1999-01-02", gender: "female", religion: null }
        }),
        context: { ...context, self: bich },
        meta: { actor: "cán bộ tổ chức" },
        idempotencyKey: "01J0000000000000000000KEY1"
      })()
    const first = await register()
    const retried = await register()
    expect(E.isRight(first) && [first.right.replayed, first.right.events[0]!.id]).toEqual([
      false,
      "01J0000000000000000000KEY1"
    ])
    expect(E.isRight(retried) && retried.right.replayed).toBe(true)
    expect(E.isRight(retried) && E.isRight(first) && retried.right.events).toEqual(
      E.isRight(first) && first.right.events
    )
    const stream = await store.readStream(Ids.memberStream(bich))()
    expect(E.isRight(stream) && stream.right.map((e) => e.meta)).toEqual([{ actor: "cán bộ tổ chức" }])
  })

  it("append: Left StreamVersionConflict on a stale expected version", async () => {
    const stream = await store.readStream(Ids.memberStream(an))()
    const event = E.isRight(stream) ? stream.right[0]! : undefined
    const conflict = await store.append(Ids.memberStream(an), [
      { ...event!, id: Ids.eventId("01J0000000000000000000EV77") } as EventStore.NewEvent
    ], EventStore.ExpectedVersion.noStream)()
    expect(E.isLeft(conflict) && conflict.left._tag).toBe("StreamVersionConflict")
  })

  it("readAll and catchUp: the log and a projection over it", async () => {
    const all = await store.readAll()()
    expect(E.isRight(all) && all.right.map((e) => e.position)).toEqual([1, 2])
    const counter: Projection.Projection<number> = { name: "counter", initial: 0, apply: (n) => n + 1 }
    expect(await store.catchUp(counter)()).toEqual(E.right(2))
  })

  it("a store that cannot open is a Left StorageError, not a throw", async () => {
    const broken = TaskEither.make(SqliteEventStore.layer({ filename: "/nonexistent-dir/x/y.sqlite" }))
    const r = await broken.readAll()()
    expect(E.isLeft(r) && r.left._tag).toBe("StorageError")
    await broken.dispose()
  })
})
