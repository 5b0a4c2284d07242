/**
 * The compact statistics encode each member's events as bytes — every event's type, day, recording
 * instant and rating period must decode back as added (and only those of the types and period
 * asked for, when asked), a rating of the year after the member's
 * previous one in 7 bytes (5 when its id's time part is its recording instant) — kept in a chain of blocks as they come, and moved now and then into
 * one packed segment a member (`MemberColumns.pack`). Packing must give back
 * every member's events exactly as the chains held them — with events added after it, after a
 * second packing (the earlier segments then garbage), after the garbage makes it repack every
 * member, and through a checkpoint — and a checkpoint whose packed bytes or chains do not add up is
 * refused.
 */
import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import * as Calendar from "../src/Calendar.ts"
import type { MemberEnvelope } from "../src/Envelope.ts"
import { makeUlid, type MemberId } from "../src/Ids.ts"
import { instantMs } from "../src/internal/instant.ts"
import {
  code,
  levels,
  load,
  MemberColumns,
  MemberEvents,
  periodCode,
  save,
  type Saved,
  types
} from "../src/internal/memberColumns.ts"
import { PackedPages, pageBytes } from "../src/internal/packedPages.ts"
import * as Streams from "./fixtures/memberStreams.ts"
import { member, org } from "./fixtures/world.ts"

const orgs = [org(1), org(2)]
const members = [1, 2, 3, 4].map(member)
const streams = fc.tuple(...members.map((m, i) => Streams.aStream(m, orgs, `P${i}`)))

/** Every member's events as `decode` gives them, all periods' ratings kept. */
const decoded = (c: MemberColumns): ReadonlyArray<unknown> =>
  members.map((_, ordinal) => {
    const e = c.decode(ordinal, new MemberEvents())
    const n = e.count
    return [e.type, e.day, e.recorded, e.a, e.b, e.position].map((xs) => [...xs.subarray(0, n)])
  })

/** The streams' events added in turn (interleaved), `after(i)` called before the `i`th round. */
const added = (
  all: ReadonlyArray<ReadonlyArray<MemberEnvelope>>,
  after: (i: number, c: MemberColumns) => MemberColumns = (_, c) => c
): MemberColumns => {
  let c = new MemberColumns()
  for (let i = 0; i < Math.max(...all.map((s) => s.length)); i++) {
    c = after(i, c)
    all.forEach((s, m) => {
      if (i < s.length) c.add(members[m] as MemberId, s[i]!)
    })
  }
  return c
}

/** `n` bytes of a pattern of its own for each `seed`. */
const segment = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255)

/** A checkpoint of `c` read back. */
const reloaded = (c: MemberColumns): MemberColumns => {
  const back = load(save(c))
  if (typeof back === "string") throw new Error(back)
  return back
}

describe("MemberColumns (the bytes of a member's events)", () => {
  it("gives back each event's type, day, recording instant and rating, members interleaved", () => {
    fc.assert(
      fc.property(streams, (all) => {
        const c = added(all)
        all.forEach((stream, ordinal) => {
          const e = c.decode(ordinal, new MemberEvents())
          assert.strictEqual(e.count, stream.length)
          stream.forEach((envelope, n) => {
            const rating = envelope.type === "QualityRated" || envelope.type === "NotRated"
            assert.deepStrictEqual(
              [types[e.type[n]!], e.day[n], e.recorded[n], e.position[n], rating ? e.a[n] : undefined],
              [
                envelope.type,
                Calendar.toDayNumber(envelope.occurredOn),
                instantMs(envelope.recordedAt),
                n,
                rating ? periodCode((envelope.data as { period: string }).period) : undefined
              ]
            )
          })
          // Asked for one period, the ratings of the others are left out and nothing else.
          const period = periodCode("2020")
          const one = c.decode(ordinal, new MemberEvents(), period)
          const kept = [...e.position.subarray(0, e.count)].filter((_, n) =>
            (e.type[n] !== code("QualityRated") && e.type[n] !== code("NotRated")) || e.a[n] === period
          )
          assert.deepStrictEqual([...one.position.subarray(0, one.count)], kept)
          // Asked for some types only, and without recording instants: the others are left out,
          // the events read keep their positions and days, and no instant is read.
          const read = (1 << code("OfficialRecognized")) | (1 << code("QualityRated")) | (1 << code("Died"))
          const some = c.decode(ordinal, new MemberEvents(), undefined, false, read)
          const ofTypes = [...e.position.subarray(0, e.count)].filter((_, n) => (read & (1 << e.type[n]!)) !== 0)
          assert.deepStrictEqual([...some.position.subarray(0, some.count)], ofTypes)
          assert.deepStrictEqual(
            [...some.day.subarray(0, some.count)],
            ofTypes.map((n) => e.day[n]!)
          )
          assert.deepStrictEqual(
            [some.latestRecorded, ...new Set(some.recorded.subarray(0, some.count))],
            some.count === 0 ? [Number.NEGATIVE_INFINITY] : [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]
          )
        })
      }),
      { seed: 20261206, numRuns: 300 }
    )
  })

  it("writes a rating of the year after the member's previous one in 7 bytes (5 when its id's time is its recording instant), also after other members' events", () => {
    const m = members[0] as MemberId
    const other = members[1] as MemberId
    /** The sizes of a member's events, each as added; `keyed`: ids made at the recording instant. */
    const sizes = (keyed: boolean) => {
      let n = 0
      const event = (type: string, occurredOn: string, data: Record<string, unknown>): MemberEnvelope => {
        // 09:00 in Vietnam, the day after.
        const recordedAt = `${Calendar.addDays(occurredOn as Calendar.CalendarDate, 1)}T02:00:00.000Z`
        return {
          id: keyed ? makeUlid(Date.parse(recordedAt), BigInt(++n)) : `01KB${String(++n).padStart(22, "0")}`,
          stream: `member-${m}`,
          schemaVersion: 1,
          type,
          occurredOn,
          recordedAt,
          data
        } as unknown as MemberEnvelope
      }
      const c = new MemberColumns()
      const bytes = () => {
        c.pack()
        return c.packedLength.array[0]!
      }
      c.add(m, event("OfficialRecognized", "2015-03-02", {}))
      const after: Array<number> = [bytes()]
      const years = [2015, 2016, 2017, 2018, 2020, 2021]
      years.forEach((year, i) => {
        c.add(m, event("QualityRated", `${year}-12-20`, { period: String(year), level: levels[1] }))
        after.push(bytes())
        // Another member's event after every other rating.
        if (i % 2 === 0) c.add(other, event("Died", "2016-01-01", {}))
      })
      const e = c.decode(0, new MemberEvents())
      assert.deepStrictEqual([...e.a.subarray(1, e.count)], years.map(String).map(periodCode))
      return after.slice(1).map((s, i) => s - after[i]!)
    }
    // The first rating (of the year of the member's last other event) and the next three in 7
    // bytes; 2020 is not the year after 2018: its period takes a byte. Keyed, no id bits: 2 fewer.
    assert.deepStrictEqual(sizes(false), [7, 7, 7, 7, 8, 7])
    assert.deepStrictEqual(sizes(true), [5, 5, 5, 5, 6, 5])
  })
})

describe("MemberColumns.pack (segments of the compact statistics)", () => {
  it("gives back every member's events, packed at any points, repacked, and through checkpoints", () => {
    let withGarbage = 0
    fc.assert(
      fc.property(
        streams,
        fc.uniqueArray(fc.nat({ max: 40 }), { maxLength: 4 }),
        fc.nat({ max: 40 }),
        (all, at, cut) => {
          const expected = decoded(added(all))
          const packed = added(all, (i, c) => {
            if (at.includes(i)) c.pack()
            return i === cut ? reloaded(c) : c
          })
          assert.deepStrictEqual(decoded(packed), expected)
          assert.deepStrictEqual(decoded(reloaded(packed)), expected)
          packed.pack()
          assert.deepStrictEqual(decoded(packed), expected)
          assert.deepStrictEqual(decoded(reloaded(packed)), expected)
          if (packed.packed.garbage > 0) withGarbage++
        }
      ),
      { seed: 20261208, numRuns: 300 }
    )
    // Members moved by a later packing left garbage in many runs.
    assert.isAbove(withGarbage, 30)
  })

  it("repacks every member into new pages once the garbage is over a quarter of the packed bytes", () => {
    const all = fc.sample(streams.filter((s) => s.every((x) => x.length >= 4)), { seed: 3, numRuns: 1 })[0]!
    const expected = decoded(added(all))
    // Every member moved at each packing: the garbage grows until a packing starts new pages.
    const repacked: Array<number> = []
    const c = added(all, (i, columns) => {
      if (i === 0) return columns
      const before = columns.packed
      const wasted = before.garbage > before.total / 4
      columns.pack()
      assert.strictEqual(columns.packed !== before, wasted)
      if (wasted) repacked.push(i)
      return columns
    })
    assert.isAbove(repacked.length, 0)
    assert.deepStrictEqual(decoded(c), expected)
    // After a full repack nothing is garbage: the next packing of nothing keeps it so.
    const full = added(all)
    full.pack()
    assert.strictEqual(full.packed.garbage, 0)
    assert.strictEqual(full.packed.total, members.reduce((n, _, o) => n + full.packedLength.array[o]!, 0))
  })

  it("packs as events come, once the chains hold 1 MiB", () => {
    const all = fc.sample(streams, { seed: 5, numRuns: 1 })[0]!.flat()
    const c = new MemberColumns()
    let count = 0
    while (c.packed.total === 0) {
      // Members of their own, each with the events of the sample.
      const m = member(1000 + count++)
      for (const e of all) c.add(m, e)
    }
    // Packed when the arena reached 1 MiB (32,768 blocks): every member's bytes are in a segment
    // and the arena began again (with the last member's events added after). The segments hold
    // the chains' data bytes, no links (4 of a block's 32) and no unfilled ends of last blocks.
    assert.isAbove(count, 100)
    assert.isAbove(c.packed.total, 800_000)
    assert.isBelow(c.arena.blocks, 20)
    for (let ordinal = 0; ordinal < count - 1; ordinal++) assert.isFalse(c.hasChain(ordinal))
  })

  it("refuses a checkpoint whose packed bytes do not add up", () => {
    const all = fc.sample(streams, { seed: 4, numRuns: 1 })[0]!
    const c = added(all)
    c.pack()
    const s = save(c)
    const int32 = (k: keyof Saved["int32"], values: ReadonlyArray<number>): Saved => ({
      ...s,
      int32: { ...s.int32, [k]: Int32Array.from(values) }
    })
    const length = [...s.int32.packedLength]
    const cases: ReadonlyArray<readonly [Saved, string]> = [
      [int32("packedLength", length.map((n, i) => (i === 0 ? n + 1 : n))), "are not the total"],
      [int32("packedAt", [...s.int32.packedAt].map((at, i) => (i === 1 ? at + 16_000_000 : at))), "outside their page"],
      [int32("packedLength", length.map((n, i) => (i === 2 ? -n : n))), "outside their page"],
      [{ ...s, packedGarbage: -1 }, "do not fit"],
      [{ ...s, packed: [] }, "fewer than their total"],
      [
        { ...int32("packedLength", length.map((n, i) => (i === 3 ? 0 : n))), packedTotal: s.packedTotal - length[3]! },
        "neither a chain nor packed bytes"
      ]
    ]
    for (const [saved, reason] of cases) {
      const r = load(saved)
      assert.isString(r)
      assert.include(r, reason)
    }
    assert.notTypeOf(load(s), "string")
  })

  it("refuses a checkpoint whose chains do not hold together", () => {
    const all = fc.sample(streams, { seed: 4, numRuns: 1 })[0]!
    const c = added(all)
    c.pack()
    // Members 0 and 2 with a chain as well as their segment, 1 and 3 with their segment alone.
    c.add(members[0] as MemberId, all[0]![0]!)
    c.add(members[2] as MemberId, all[2]![0]!)
    const s = save(c)
    assert.deepStrictEqual([...s.int32.chained], [0, 2])
    const int32 = (k: keyof Saved["int32"], values: ReadonlyArray<number>): Saved => ({
      ...s,
      int32: { ...s.int32, [k]: Int32Array.from(values) }
    })
    const cases: ReadonlyArray<readonly [Saved, string]> = [
      [int32("chained", [0, 0]), "chain 1 names member 0, unknown or with an earlier chain"],
      [int32("chained", [0, 9]), "chain 1 names member 9"],
      [int32("chainHead", [s.int32.chainHead[0]!]), "column chainHead has 1 values for 2 chains"],
      [int32("chainTail", [...s.int32.chainTail].toReversed()), "the chain of member 0 does not end at its last block"],
      [int32("chainHead", [s.int32.chainHead[0]!, s.int32.chainHead[0]!]), "the chain of member 2 is broken"],
      [{ ...s, uint8: { ...s.uint8, chainFill: Uint8Array.of(0) } }, "column chainFill has 1 values for 2 chains"]
    ]
    for (const [saved, reason] of cases) {
      const r = load(saved)
      assert.isString(r)
      assert.include(r, reason)
    }
    const back = load(s)
    assert.instanceOf(back, MemberColumns)
    assert.deepStrictEqual(members.map((_, o) => (back as MemberColumns).hasChain(o)), [true, false, true, false])
    assert.deepStrictEqual(decoded(back as MemberColumns), decoded(c))
  })

  it("keeps a segment larger than a page in a page of its own, also through a checkpoint", () => {
    const packed = new PackedPages()
    const sizes = [100, 3 * pageBytes + 5, 200, pageBytes - 250, 300]
    const at = sizes.map((n, i) => packed.write(segment(n, i), n))
    const back = PackedPages.load(packed.save(), packed.total, 0)
    assert.instanceOf(back, PackedPages)
    for (const pages of [packed, back as PackedPages]) {
      sizes.forEach((n, i) => {
        const o = pages.offset(at[i]!)
        assert.deepStrictEqual(pages.page(at[i]!).subarray(o, o + n), segment(n, i))
      })
    }
    // The first page, the large segment's, then a page for the next two, then one more (the fifth
    // does not fit after the fourth).
    assert.deepStrictEqual(at.map((x) => Math.floor(x / pageBytes)), [0, 1, 2, 2, 3])
    assert.strictEqual(packed.total, sizes.reduce((a, b) => a + b, 0))
    // Segments written after a checkpoint is read back go on in its last page.
    const more = (back as PackedPages).write(segment(10, 9), 10)
    assert.strictEqual(more, 3 * pageBytes + 300)
  })
})
