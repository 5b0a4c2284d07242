/**
 * `npx -y pnpm@12.21.0 bench <name> [--events N | --members N]` — runs one benchmark, prints its figures and
 * writes `bench/results/<name>.json`.
 */
const benchmarks: Record<string, () => Promise<{ readonly run: () => Promise<void> }>> = {
  "import-sqlite": () => import("./ImportSqlite.ts"),
  "import-postgres": () => import("./ImportPostgres.ts"),
  "replay-sqlite": () => import("./ReplaySqlite.ts"),
  "catchup": () => import("./CatchUp.ts"),
  "command-latency": () => import("./CommandLatency.ts"),
  "generate": () => import("./Generate.ts"),
  "projection-build": () => import("./ProjectionBuild.ts"),
  "projection-national": () => import("./ProjectionNational.ts"),
  "stats-query": () => import("./StatsQuery.ts")
}

const name = process.argv[2]
const load = name === undefined ? undefined : benchmarks[name]
if (load === undefined) {
  console.error(`usage: bench <${Object.keys(benchmarks).join(" | ")}> [--events N | --members N]`)
  process.exitCode = 2
} else {
  const { run } = await load()
  await run()
}
