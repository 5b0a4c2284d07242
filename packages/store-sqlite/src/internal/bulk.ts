/**
 * Bulk sessions of the SQLite store (`EventStore.bulk`): a writer thread (`bulkWorker.ts`) with its
 * own connection holds one write transaction for the whole session, so an import's writes run on
 * the second core while the importer checks the rest of its file. At most `maxInFlight` messages of
 * rows wait for the writer; `write` waits beyond that, so memory stays bounded. The scope's end
 * rolls back a session that did not commit and stops the thread.
 *
 * @internal
 */
import type { BulkRow, BulkSession } from "@dangvien/core/EventStore"
import { StorageError } from "@dangvien/core/EventStore"
import { Effect, type Scope } from "effect"
import { Worker } from "node:worker_threads"
import type { FromWorker, ToWorker, WorkerSettings } from "./bulkProtocol.ts"

const maxInFlight = 4

/** Opens a session: starts the thread and waits until it holds the write lock. */
export const open = (
  settings: WorkerSettings,
  onCommit: () => void
): Effect.Effect<BulkSession, StorageError, Scope.Scope> => {
  const storageError = (operation: string, message: string) =>
    new StorageError({
      operation,
      cause: message,
      message: `SQLite bulk ${operation} on ${settings.filename}: ${message}`
    })

  return Effect.map(
    Effect.acquireRelease(
      Effect.callback<ReturnType<typeof connect>, StorageError>((resume) => {
        const c = connect(settings)
        c.await((m) => m.tag === "ready" || m.tag === "failed", (m) => {
          if (m.tag === "ready") resume(Effect.succeed(c))
          else {
            void c.worker.terminate()
            resume(Effect.fail(storageError("begin", m.tag === "failed" ? m.message : "the writer stopped")))
          }
        })
      }),
      (c) =>
        Effect.callback<void>((resume) => {
          if (c.over || c.exited) {
            void c.worker.terminate().then(() => resume(Effect.void))
            return
          }
          c.await((m) => m.tag === "rolledBack" || m.tag === "failed", () => {
            void c.worker.terminate().then(() => resume(Effect.void))
          })
          c.send({ tag: "rollback" })
        })
    ),
    (c): BulkSession => ({
      write: (rows: ReadonlyArray<BulkRow>) =>
        Effect.suspend(() => {
          if (c.failure !== undefined) return Effect.fail(storageError("write", c.failure))
          if (rows.length > 0) {
            c.send({
              tag: "rows",
              streams: rows.map((r) => r.stream),
              versions: rows.map((r) => r.streamVersion),
              lines: rows.map((r) => r.line)
            })
            c.inFlight++
          }
          if (c.inFlight <= maxInFlight) return Effect.void
          return Effect.callback<void, StorageError>((resume) => {
            // Acknowledgements may have arrived since the count above: look again before waiting.
            const done = () => {
              if (c.failure !== undefined) resume(Effect.fail(storageError("write", c.failure)))
              else if (c.inFlight <= maxInFlight) resume(Effect.void)
              else return false
              return true
            }
            if (!done()) c.onWritten = done
          })
        }),
      commit: Effect.callback<{ readonly appended: number }, StorageError>((resume) => {
        if (c.failure !== undefined) return resume(Effect.fail(storageError("commit", c.failure)))
        c.await((m) => m.tag === "committed" || m.tag === "failed", (m) => {
          if (m.tag === "committed") {
            c.over = true
            onCommit()
            resume(Effect.succeed({ appended: m.appended }))
          } else resume(Effect.fail(storageError("commit", m.tag === "failed" ? m.message : "the writer stopped")))
        })
        c.send({ tag: "commit" })
      })
    })
  )
}

/** The thread and what the session knows of it. */
const connect = (settings: WorkerSettings) => {
  const worker = new Worker(new URL("./bulkWorker.ts", import.meta.url), { workerData: settings })
  let waiting: { readonly until: (m: FromWorker) => boolean; readonly done: (m: FromWorker) => void } | undefined
  const c = {
    worker,
    inFlight: 0,
    failure: undefined as string | undefined,
    over: false,
    /** The thread has ended (it answers nothing more). */
    exited: false,
    /** Called after each acknowledgement while `write` waits; returns whether it is done waiting. */
    onWritten: undefined as (() => boolean) | undefined,
    // A worker thread's port, not a window: there is no target origin.
    // oxlint-disable-next-line unicorn/require-post-message-target-origin
    send: (m: ToWorker) => worker.postMessage(m),
    /** Calls `done` with the first message (from now) that `until` accepts. */
    await: (until: (m: FromWorker) => boolean, done: (m: FromWorker) => void) => {
      waiting = { until, done }
    }
  }
  const receive = (m: FromWorker) => {
    if (m.tag === "written") c.inFlight--
    if (m.tag === "failed") c.failure ??= m.message
    if (m.tag === "written" || m.tag === "failed") {
      // Cleared first: resuming the writer may run it at once, up to its next wait.
      const waiter = c.onWritten
      c.onWritten = undefined
      if (waiter !== undefined && !waiter()) c.onWritten ??= waiter
    }
    if (waiting !== undefined && waiting.until(m)) {
      const w = waiting
      waiting = undefined
      w.done(m)
    }
  }
  worker.on("message", receive)
  worker.on("error", (error) => receive({ tag: "failed", message: error.message }))
  worker.on("exit", (code) => {
    c.exited = true
    receive({ tag: "failed", message: `the writer thread exited (code ${code})` })
  })
  return c
}
