/**
 * projection-national: the heap of the statistics index per member, measured on a generated history
 * folded straight into `Statistics.makeCompact()` (no store: the lines of `ProvinceHistory` parsed and
 * added), then one full query per province on 2025-12-31 (the lives it folds are transient: they are
 * not kept). `--members` (default 100,000); the figure the issue asks for is the country, 5,600,000
 * members in at most 2 GB: `nationalBytes` is `bytesPerMember` × 5,600,000 — an extrapolation
 * unless the run was made with `--members 5600000` — and `fitsTarget` compares it with 2 GB.
 */
import { Envelope, Statistics } from "@dangvien/core"
import { Result } from "effect"
import { numberArg, report, seconds } from "./Figures.ts"
import { heapUsedAfterGc } from "./Heap.ts"
import { history } from "./Province.ts"
import { round } from "./Setup.ts"

const country = 5_600_000
const target = 2 * 1024 ** 3

export const run = async (): Promise<void> => {
  const members = numberArg("members", 100_000)
  const generated = history(members)
  const heapBefore = heapUsedAfterGc()
  const index = Statistics.makeCompact()
  const orgEvents: Array<Envelope.Envelope> = []
  let t = performance.now()
  for (const batch of generated.batches()) {
    for (const line of batch) {
      const e = JSON.parse(line) as Envelope.Envelope
      index.add(e)
      if (Envelope.isOrgEnvelope(e)) orgEvents.push(e)
    }
  }
  const foldSeconds = seconds(t)
  const indexBytes = heapUsedAfterGc() - heapBefore
  // A query folds every member's life from the columns, and drops them when it returns.
  t = performance.now()
  const roots = orgEvents.filter((e) => e.type === "OrganizationFounded" && e.data.parentId === null)
  for (const root of roots) {
    const r = Statistics.query(index, { org: root.stream.slice(4) as never, from: "2025-01-01", to: "2025-12-31" })
    if (Result.isFailure(r)) throw new Error(r.failure.message)
  }
  const querySeconds = seconds(t)
  orgEvents.length = 0
  const heapBytes = heapUsedAfterGc() - heapBefore
  const bytesPerMember = Math.round(heapBytes / members)
  report(members === 100_000 ? "projection-national" : `projection-national-${members}`, {
    members,
    events: index.size,
    provinces: roots.length,
    foldSeconds: round(foldSeconds),
    firstQueriesSeconds: round(querySeconds),
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
