/**
 * generate: the synthetic history generator of @dangvien/testing (`ProvinceHistory`), lines
 * produced and consumed in memory (nothing written): events a second, and the heap it needs — it
 * streams member by member, so the heap should stay flat whatever the size.
 *
 * `--members N` (default 500,000; the country is 5,600,000), `--provinces N` (default: one per
 * 89,000 members, as the country's 63 before 2025), `--seed N`.
 */
import { ProvinceHistory } from "@dangvien/testing"
import { numberArg, report, seconds } from "./Figures.ts"

export const run = async (): Promise<void> => {
  const members = numberArg("members", 500_000)
  const provinces = numberArg("provinces", Math.max(1, Math.round(members / 89_000)))
  const seed = numberArg("seed", 1)
  const history = ProvinceHistory.make({ members, provinces, seed })
  const heapBefore = process.memoryUsage().heapUsed
  let peakHeap = heapBefore
  let peakRss = process.memoryUsage().rss
  let events = 0
  let chars = 0
  let batches = 0
  const t = performance.now()
  const cpu = process.cpuUsage()
  // Heap and RSS are sampled every 20,000 streams: the generator is synchronous, a timer would not run.
  for (const batch of history.batches()) {
    events += batch.length
    for (const line of batch) chars += line.length
    if (++batches % 20_000 === 0) {
      const m = process.memoryUsage()
      peakHeap = Math.max(peakHeap, m.heapUsed)
      peakRss = Math.max(peakRss, m.rss)
      if (batches % 400_000 === 0) console.log(`  ${events.toLocaleString("en-US")} events, ${seconds(t).toFixed(0)} s`)
    }
  }
  const elapsed = seconds(t)
  const used = process.cpuUsage(cpu)
  const end = process.memoryUsage()
  const stats = history.stats
  report("generate", {
    members,
    provinces,
    seed,
    events,
    organizations: stats.organizations,
    memberStreams: stats.members,
    membersAtEnd: stats.membersAtEnd,
    years: `${history.config.from}-${history.config.to}`,
    seconds: elapsed,
    eventsPerSecond: Math.round(events / elapsed),
    cpuSeconds: (used.user + used.system) / 1e6,
    eventsPerCpuSecond: Math.round(events / ((used.user + used.system) / 1e6)),
    megabytes: Math.round(chars / 1e6),
    heapBeforeBytes: heapBefore,
    peakHeapBytes: Math.max(peakHeap, end.heapUsed),
    peakRssBytes: Math.max(peakRss, end.rss)
  })
}
