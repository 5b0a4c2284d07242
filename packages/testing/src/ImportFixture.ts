/**
 * A valid NDJSON file of a small province, for import and crash tests of storage adapters: a
 * province, one grassroots committee, ten cells, then members imported on 2010-01-01 with yearly
 * ratings 2010–2025 (17 events each). Deterministic; time-ordered ULIDs.
 *
 * @since 0.1.0
 */
import type { Envelope } from "@dangvien/core/Envelope"
import { EventStore } from "@dangvien/core/EventStore"
import * as Import from "@dangvien/core/Import"
import { Effect, Stream } from "effect"
import * as assert from "node:assert/strict"
import { spawn } from "node:child_process"
import { closeSync, openSync, readFileSync, writeSync } from "node:fs"

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const ulid = (n: number): string => {
  let s = ""
  for (let i = 0, x = n; i < 16; i++, x = Math.floor(x / 32)) s = alphabet[x % 32] + s
  return `01JD3Q8Y7W${s}`
}

/**
 * The lines of a province of about `events` events, and their ids in file order.
 *
 * @category fixtures
 * @since 0.1.0
 */
export const provinceLines = (
  events: number
): { readonly lines: ReadonlyArray<string>; readonly ids: ReadonlyArray<string> } => {
  const ids: Array<string> = []
  const lines: Array<string> = []
  let next = 1
  const emit = (stream: string, type: string, occurredOn: string, data: unknown) => {
    const id = ulid(next++)
    ids.push(id)
    lines.push(
      JSON.stringify({
        id,
        stream,
        type,
        schemaVersion: 1,
        occurredOn,
        recordedAt: `${occurredOn}T09:00:00.000Z`,
        data
      })
    )
  }
  const province = ulid(900_000_001)
  const committee = ulid(900_000_002)
  emit(`org-${province}`, "OrganizationFounded", "2000-01-01", { name: "Tỉnh", kind: "province", parentId: null })
  emit(`org-${committee}`, "OrganizationFounded", "2000-01-01", {
    name: "Đảng ủy xã",
    kind: "grassrootsCommittee",
    parentId: province
  })
  const cells = Array.from({ length: 10 }, (_, i) => ulid(900_000_010 + i))
  for (const [i, cell] of cells.entries()) {
    emit(`org-${cell}`, "OrganizationFounded", "2000-01-01", {
      name: `Chi bộ ${i + 1}`,
      kind: "cell",
      parentId: committee
    })
  }
  for (let m = 1; ids.length < events; m++) {
    const stream = `member-${ulid(800_000_000 + m)}`
    emit(stream, "MemberImported", "2010-01-01", {
      orgId: cells[m % cells.length],
      person: {
        fullName: `Đảng viên ${m}`,
        birthDate: "1960-05-05",
        gender: m % 3 === 0 ? "female" : "male",
        religion: null
      },
      basis: "openingBalance",
      status: "official",
      admissionDecidedOn: "1990-03-01",
      ceremonyOn: "1990-03-20",
      officialOn: "1991-03-20"
    })
    for (let y = 2010; y <= 2025; y++) emit(stream, "QualityRated", `${y}-12-20`, { period: String(y), level: "good" })
  }
  return { lines, ids }
}

/**
 * Writes a province of about `events` events to `path` as NDJSON; returns the ids in file order.
 *
 * @category fixtures
 * @since 0.1.0
 */
export const writeProvinceFile = (path: string, events: number): ReadonlyArray<string> => {
  const { ids, lines } = provinceLines(events)
  const fd = openSync(path, "w")
  writeSync(fd, lines.join("\n") + "\n")
  closeSync(fd)
  return ids
}

/**
 * Runs `script` (an import that prints `WRITING <events written>` as it writes) in a child Node
 * process and kills it with SIGKILL once it has written at least `after` events: a crash in the
 * middle of a bulk import. Fails if the import ends before it could be killed.
 *
 * @category fixtures
 * @since 0.1.0
 */
export const killDuringWrite = (
  script: string,
  args: ReadonlyArray<string>,
  after = 5_000
): Effect.Effect<{ readonly killedAfter: number }, Error> =>
  Effect.callback<{ readonly killedAfter: number }, Error>((resume) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "inherit"] })
    let out = ""
    const written = () => Math.max(0, ...[...out.matchAll(/WRITING (\d+)/gu)].map((m) => Number(m[1])))
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      if (written() >= after && !child.killed) child.kill("SIGKILL")
    })
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resume(Effect.succeed({ killedAfter: written() }))
      else resume(Effect.fail(new Error(`the import ended before it was killed (code ${code}): ${out.slice(-300)}`)))
    })
  })

/**
 * The import a crash test kills: `file` in batches of 500, printing `WRITING <events written>` and
 * pausing a little after each batch so that the kill lands in the middle of the writes — in the
 * write phase, or during the check when the store writes in a bulk session. Run it in the child
 * process with the store's layer provided.
 *
 * @category fixtures
 * @since 0.1.0
 */
export const slowImport = (file: string): Effect.Effect<Import.Summary, unknown, EventStore> => {
  const lines = readFileSync(file, "utf8").split("\n").filter((l) => l !== "")
  return Import.run(() => Stream.rechunk(Stream.fromArray(lines), 500), {
    batchSize: 500,
    progressEvery: 500,
    onProgress: (p) =>
      p.written > 0
        ? Effect.andThen(Effect.sync(() => console.log(`WRITING ${p.written}`)), Effect.sleep("10 millis"))
        : Effect.void
  })
}

/**
 * What a store must hold after a crash in the middle of an import written in batches: a prefix of
 * the file's events (the batches committed before the crash, in file order), with gapless
 * positions and stream versions. (A store that imports in one bulk session holds nothing of it.)
 *
 * @category fixtures
 * @since 0.1.0
 */
export const assertConsistentPrefix = (stored: ReadonlyArray<Envelope>, ids: ReadonlyArray<string>): void => {
  assert.ok(stored.length > 0, "the crash came after some batches were written")
  assert.ok(stored.length < ids.length, "the crash came before the import was done")
  assert.deepEqual(stored.map((e) => e.position), stored.map((_, i) => i + 1))
  assert.deepEqual(stored.map((e) => e.id), ids.slice(0, stored.length))
  const versions = new Map<string, number>()
  for (const e of stored) {
    const v = (versions.get(e.stream) ?? 0) + 1
    assert.equal(e.streamVersion, v, `stream ${e.stream} has a gap`)
    versions.set(e.stream, v)
  }
}

/**
 * The lines of `provinceLines(events)` in time order: every member's import, then every member's
 * 2010 rating, and so on — each stretch of the file meets every member again.
 *
 * @category fixtures
 * @since 0.1.0
 */
export const timeOrderedLines = (events: number): ReadonlyArray<string> =>
  provinceLines(events).lines
    .map((line, i) => ({ line, i, on: JSON.parse(line).occurredOn as string }))
    .sort((a, b) => a.on.localeCompare(b.on) || a.i - b.i)
    .map((x) => x.line)

/** An import in chunks of 700 lines holding at most 5 member states. */
const importHoldingFive = (lines: ReadonlyArray<string>) =>
  Import.run(() => Stream.rechunk(Stream.fromArray(lines), 700), {
    recordedAt: "2026-11-22T00:00:00.000Z",
    memberStatesInMemory: 5
  })

/**
 * For a store with bulk sessions (`EventStore.bulk`), on an empty store: imports of a time-ordered
 * file holding only 5 member states at once (`memberStatesInMemory`), in chunks of 700 lines, so
 * each chunk meets streams dropped long ago and read back from the session (`readStreams`), and
 * repeated ids are told by the session (`positionsOf`). Asserts the outcome is that of an import
 * holding everything: every event once, in file order, with gapless versions; a line stored by an
 * earlier import skipped, a line repeated within the file skipped; and a rule that needs a dropped
 * member's history (a second `MemberImported`) still refuses.
 *
 * @category fixtures
 * @since 0.1.0
 */
export const readBackScenario: Effect.Effect<void, unknown, EventStore> = Effect.gen(function*() {
  const run = importHoldingFive
  const byDate = timeOrderedLines(4_000)
  const first = yield* run(byDate.slice(0, 1_000))
  // The rest, with a line of the first part and a line of this part repeated (both skipped).
  const second = yield* run([...byDate.slice(1_000, 2_500), byDate[10]!, byDate[2_000]!, ...byDate.slice(2_500)])
  assert.deepStrictEqual([first.appended, second.appended, second.alreadyStored], [1_000, byDate.length - 1_000, 1])
  assert.ok(second.readBack > 500, `streams read back: ${second.readBack}`)
  const store = yield* EventStore
  const stored = yield* Stream.runCollect(store.readAll())
  assert.deepStrictEqual(stored.map((e) => e.id), byDate.map((l) => JSON.parse(l).id))
  const versions = new Map<string, number>()
  for (const e of stored) {
    const v = (versions.get(e.stream) ?? 0) + 1
    assert.strictEqual(e.streamVersion, v, `stream ${e.stream}`)
    versions.set(e.stream, v)
  }
  // A rule still sees a dropped member's history: importing the member a second time is refused.
  const member = JSON.parse(byDate.find((l) => l.includes("MemberImported"))!)
  const again = JSON.stringify({ ...member, id: "01JD3Q8Y7WZZZZZZZZZZZZZZZZ", occurredOn: "2026-01-01" })
  const refused = yield* Effect.flip(run([...byDate.slice(0, 2_000), again]))
  assert.strictEqual(refused._tag, "ImportRefused")
  assert.match(refused.message, /^line 2001: [A-Z]{3}-\d\d/u)
})

/** An import in chunks of 300 lines. */
const importInChunks = (lines: ReadonlyArray<string>) =>
  Import.run(() => Stream.rechunk(Stream.fromArray(lines), 300), { recordedAt: "2026-11-22T00:00:00.000Z" })

/** The event of `line` written otherwise: its keys in reverse order, and a `streamVersion` as exported. */
const rewritten = (line: string, streamVersion: number) =>
  JSON.stringify({ ...Object.fromEntries(Object.entries(JSON.parse(line)).toReversed()), streamVersion })

/**
 * For any store, on an empty store: what an import does with ids already taken. After the first
 * 1,000 lines of `provinceLines(3_000)` are stored, a file of the next 1,000 whose line 700 takes
 * the id of a stored event of another stream is refused with that line (`EVT-02 id`), not with a
 * storage error, and stores nothing; the same file with, instead, a stored event written otherwise
 * (keys reordered, and `streamVersion` as an export writes it) and one of its own lines repeated so
 * imports: both counted once.
 *
 * @category fixtures
 * @since 0.1.0
 */
export const idsTakenScenario: Effect.Effect<void, unknown, EventStore> = Effect.gen(function*() {
  const run = importInChunks
  const { ids, lines } = provinceLines(3_000)
  yield* run(lines.slice(0, 1_000))
  const next = lines.slice(1_000, 2_000)
  const store = yield* EventStore
  // The id of a stored rating (position 500), on a line of another member's stream.
  const taken = ids[499]!
  const stolen = [...next]
  stolen[699] = JSON.stringify({ ...JSON.parse(next[699]!), id: taken })
  assert.notEqual(JSON.parse(lines[499]!).stream, JSON.parse(stolen[699]!).stream)
  const refused = yield* Effect.flip(run(stolen))
  assert.equal(refused._tag, "ImportRefused")
  assert.equal(
    refused.message,
    `line 700: EVT-02 id: id ${taken} is that of the stored event at position 500, in another stream: ids are unique in the store`
  )
  assert.equal(yield* store.lastPosition, 1_000, "a refused import stores nothing")
  const summary = yield* run([...next.slice(0, 400), rewritten(lines[499]!, 10), ...next.slice(400), next[5]!])
  assert.deepEqual([summary.events, summary.appended, summary.alreadyStored], [1_002, 1_000, 1])
  assert.equal(yield* store.lastPosition, 2_000)
})
