/**
 * fast-check parameters of the property tests: a fixed seed (override with `FC_SEED`) so CI is
 * deterministic, 100 runs in CI and 300 locally (override with `FC_RUNS`).
 */
export const params = (ciRuns = 100, localRuns = 300): { readonly seed: number; readonly numRuns: number } => ({
  seed: Number(process.env["FC_SEED"] ?? 20261122),
  numRuns: Number(process.env["FC_RUNS"] ?? (process.env["CI"] ? ciRuns : localRuns))
})
