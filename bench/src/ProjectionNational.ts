/**
 * projection-national: the heap of the statistics index per member, measured on a generated history
 * folded straight into `Statistics.makeCompact()` (no store: the lines of `ProvinceHistory` parsed
 * and added), then one full query per province for 2025 (after the mergers) and one for 2020, each
 * timed (the lives a query folds are transient: they are not kept), then 100 random queries as
 * `stats-query` asks them (any organisation; a third as known at a past instant, a quarter
 * restated), each timed alone. `--members` (default 100,000);
 * the figure the issue asks for is the country, 5,600,000 members in at most 2 GB: `nationalBytes`
 * is `bytesPerMember` × 5,600,000 — an extrapolation unless the run was made with `--members
 * 5600000` — and `fitsTarget` compares it with 2 GB.
 */
import { Envelope, OrganizationRegistry, Statistics } from "@dangvien/core"
import { Result } from "effect"
import { numberArg, report, seconds } from "./Figures.ts"
import { settledHeapBytes } from "./Heap.ts"
import { history, percentile, queries, timeQueries } from "./Province.ts"
import { round } from "./Setup.ts"

const country = 5_600_000
const target = 2 * 1024 ** 3

/** 100 queries as `stats-query` plans them, over the tree of `orgEvents` (dropped on return). */
const randomQueries = (orgEvents: ReadonlyArray<Envelope.Envelope>) =>
  queries(OrganizationRegistry.make(orgEvents), 100)

export const run = async (): Promise<void> => {
  const members = numberArg("members", 100_000)
  const heapBefore = await settledHeapBytes()
  const index = Statistics.makeCompact()
  const orgEvents: Array<Envelope.Envelope> = []
  let t = performance.now()
  for (const batch of history(members).batches()) {
    for (const line of batch) {
      const e = JSON.parse(line) as Envelope.Envelope
      index.add(e)
      if (Envelope.isOrgEnvelope(e)) orgEvents.push(e)
    }
  }
  const foldSeconds = seconds(t)
  const indexBytes = (await settledHeapBytes()) - heapBefore
  // The provinces, and 100 queries as `stats-query` asks them: any organisation, year or half-year,
  // a third as known 15 days after the period, a quarter restated on 2025-12-31. Planned from the
  // organisation events, which are then dropped: the queries run with the index alone (the bench's
  // own envelopes — 1.7 million at the country's size, most of them committees — would make every
  // collection during the queries mark them too).
  const roots = orgEvents.flatMap((e) =>
    e.type === "OrganizationFounded" && e.data.parentId === null ? [e.stream.slice(4)] : []
  )
  const plan = randomQueries(orgEvents)
  orgEvents.length = 0
  // A query folds every member's life from the columns, and drops them when it returns. Each
  // province of the country's index is asked for 2025 (after the mergers) and for 2020 (before).
  t = performance.now()
  const times: Array<number> = []
  const asked: Array<string> = []
  for (const year of [2025, 2020]) {
    for (const root of roots) {
      const started = performance.now()
      const r = Statistics.query(index, { org: root as never, from: `${year}-01-01`, to: `${year}-12-31` })
      times.push(performance.now() - started)
      asked.push(`${root} ${year}`)
      if (Result.isFailure(r)) throw new Error(r.failure.message)
    }
  }
  const querySeconds = seconds(t)
  const sorted = [...times].sort((a, b) => a - b)
  // Which were slowest, and in what order they were asked (the first query compiles the code).
  console.log("the 5 slowest of the province queries (n: asked n-th):")
  for (const i of times.map((_, n) => n).sort((a, b) => times[b]! - times[a]!).slice(0, 5)) {
    console.log(`  ${round(times[i]!, 1)} ms ${asked[i]} (${i + 1})`)
  }
  // The heap: the index and what the province queries keep of its tree. Then the 100 random
  // queries (the trees as known at past instants that they keep are not the index).
  const heapBytes = (await settledHeapBytes()) - heapBefore
  const randomTimes = timeQueries(index, plan)
  const randomSorted = [...randomTimes].sort((a, b) => a - b)
  console.log("the 5 slowest of the random queries:")
  for (const i of plan.map((_, n) => n).sort((a, b) => randomTimes[b]! - randomTimes[a]!).slice(0, 5)) {
    console.log(`  ${round(randomTimes[i]!, 1)} ms ${JSON.stringify(plan[i])}`)
  }
  const bytesPerMember = Math.round(heapBytes / members)
  report(members === 100_000 ? "projection-national" : `projection-national-${members}`, {
    members,
    events: index.size,
    provinces: roots.length,
    foldSeconds: round(foldSeconds),
    provinceQueries: times.length,
    provinceQueriesSeconds: round(querySeconds),
    provinceQueryP50Ms: round(percentile(sorted, 50), 1),
    provinceQueryMaxMs: round(sorted.at(-1)!, 1),
    randomQueries: plan.length,
    randomQueriesWithKnownAt: plan.filter((q) => q.knownAt !== undefined).length,
    randomQueriesRestated: plan.filter((q) => q.structureAsOf !== undefined).length,
    randomQueryP50Ms: round(percentile(randomSorted, 50), 1),
    randomQueryP99Ms: round(percentile(randomSorted, 99), 1),
    randomQueryMaxMs: round(randomSorted.at(-1)!, 1),
    indexBytes,
    heapBytes,
    bytesPerMember,
    nationalMembers: country,
    nationalBytes: bytesPerMember * country,
    extrapolated: members < country ? "yes" : "no",
    targetBytes: target,
    fitsTarget: bytesPerMember * country <= target ? "yes" : "no"
  })
}
