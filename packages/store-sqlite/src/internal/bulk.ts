/**
 * Bulk sessions of the SQLite store (`EventStore.bulk`): a writer thread (`bulkWorker.ts`) with its
 * own connection holds one write transaction for the whole session, so an import's writes run on
 * the second core while the importer checks the rest of its file. At most `maxInFlight` messages of
 * rows wait for the writer; `write` waits beyond that, so memory stays bounded. `readStreams` and
 * `positionsOf` are requests to the writer, which answers them in the order they were sent, after
 * the rows sent before them (so a read sees every row handed to `write` before it); what
 * `readStreams` reads is upcast here, as the store's `readStream` does. The scope's end rolls back a
 * session that did not commit and stops the thread.
 *
 * @internal
 */
import type { Envelope } from "@dangvien/core/Envelope"
import type { BulkRow, BulkSession } from "@dangvien/core/EventStore"
import { StorageError } from "@dangvien/core/EventStore"
import { Effect, type Scope } from "effect"
import { Worker } from "node:worker_threads"
import type { FromWorker, ToWorker, WorkerSettings } from "./bulkProtocol.ts"
import { isBusy } from "./busy.ts"

const maxInFlight = 4

/**
 * Opens a session: starts the thread and waits until it holds the write lock. `onCommit` runs once
 * the session has committed; `upcast` rewrites what `readStreams` reads, as the store's reads do.
 */
export const open = (
  settings: WorkerSettings,
  hooks: {
    readonly onCommit: () => void
    readonly upcast: (events: ReadonlyArray<Envelope>) => Effect.Effect<ReadonlyArray<Envelope>, StorageError>
  }
): Effect.Effect<BulkSession, StorageError, Scope.Scope> => {
  const storageError = (operation: string, message: string) =>
    new StorageError({
      operation,
      cause: message,
      message: `SQLite bulk ${operation} on ${settings.filename}: ${message}`,
      retryable: isBusy(message)
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
            c.over = true
            void c.worker.terminate().then(() => resume(Effect.void))
          })
          c.send({ tag: "rollback" })
        })
    ),
    (c): BulkSession => {
      /** Why the session takes no more requests, if it does not. */
      const refused = (operation: string) => {
        const reason = c.over ? "the session is over" : c.failure
        return reason === undefined ? undefined : storageError(operation, reason)
      }
      /** What a request with nothing to look up answers: no round trip to the thread. */
      const nothing = <A>(operation: string, empty: A): Effect.Effect<A, StorageError> =>
        Effect.suspend(() => {
          const error = refused(operation)
          return error === undefined ? Effect.succeed(empty) : Effect.fail(error)
        })
      /** Sends a request and waits for its answer (or the failure that answers it instead). */
      const ask = <A>(
        operation: string,
        request: Request,
        answer: (m: Answer) => A | undefined
      ): Effect.Effect<A, StorageError> =>
        Effect.callback<A, StorageError>((resume) => {
          const error = refused(operation)
          if (error !== undefined) return resume(Effect.fail(error))
          c.request(request, (m) => {
            const a = m.tag === "failed" ? undefined : answer(m)
            resume(
              a !== undefined
                ? Effect.succeed(a)
                : Effect.fail(storageError(operation, m.tag === "failed" ? m.message : `unexpected answer ${m.tag}`))
            )
          })
        })
      return {
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
              hooks.onCommit()
              resume(Effect.succeed({ appended: m.appended }))
            } else resume(Effect.fail(storageError("commit", m.tag === "failed" ? m.message : "the writer stopped")))
          })
          c.send({ tag: "commit" })
        }),
        readStreams: (streams) =>
          streams.length === 0
            ? nothing("readStreams", [])
            : Effect.flatMap(
              ask("readStreams", { tag: "readStreams", streams }, (m) => (m.tag === "streams" ? m.rows : undefined)),
              hooks.upcast
            ),
        positionsOf: (ids) =>
          ids.length === 0
            ? nothing("positionsOf", new Map())
            : ask("positionsOf", { tag: "positionsOf", ids }, (m) =>
              m.tag === "positions" ? new Map(m.ids.map((id, i) => [id, m.positions[i]!])) : undefined)
      }
    }
  )
}

/** A read the thread answers. */
type Request = Extract<ToWorker, { readonly tag: "readStreams" | "positionsOf" }>
/** What answers a read: its result, or the failure of the session. */
type Answer = Extract<FromWorker, { readonly tag: "streams" | "positions" | "failed" }>

/** The thread and what the session knows of it. */
const connect = (settings: WorkerSettings) => {
  const worker = new Worker(new URL("./bulkWorker.ts", import.meta.url), { workerData: settings })
  let waiting: { readonly until: (m: FromWorker) => boolean; readonly done: (m: FromWorker) => void } | undefined
  // The reads sent and not answered yet, oldest first: the thread answers them in that order.
  const requests: Array<(m: Answer) => void> = []
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
    /** Sends a read; `done` is called with its answer, or with the failure that ends the session. */
    request: (m: Request, done: (m: Answer) => void) => {
      requests.push(done)
      c.send(m)
    },
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
    // Answers come in the order the reads were sent; a failure answers every read still waiting
    // (the thread answers those sent after it with the failure too, and nobody waits for them).
    if (m.tag === "streams" || m.tag === "positions") requests.shift()?.(m)
    if (m.tag === "failed") {
      for (const done of requests.splice(0)) done(m)
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
