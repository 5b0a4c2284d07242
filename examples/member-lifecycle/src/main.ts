/**
 * Runs the member-lifecycle example with the in-memory store and prints the member's timeline.
 * `npx -y pnpm@12.21.0 example`
 */
import { EventStore, IdGenerator } from "@dangvien/core"
import { Effect, Layer } from "effect"
import { program, secondBadge } from "./lifecycle.ts"

const main = Effect.gen(function*() {
  const summary = yield* program
  console.log("Nguyễn Văn An — từ quần chúng ưu tú đến Huy hiệu 30 năm tuổi Đảng\n")
  for (const line of summary.timeline) console.log(`  ${line}`)
  console.log(`\nstatus: ${summary.status}, party age on 2023-12-31: ${summary.partyAgeYears} years`)
  console.log(`card: ${summary.cardNo}, badges: ${summary.badges.join(", ")}`)
  const refused = yield* Effect.flip(secondBadge)
  console.log(`\na second 30-year badge is refused: ${String(refused)}`)
})

Effect.runPromise(main.pipe(Effect.provide(Layer.mergeAll(EventStore.layerMemory, IdGenerator.layerUlid)))).catch(
  (e) => {
    console.error(String(e))
    process.exitCode = 1
  }
)
