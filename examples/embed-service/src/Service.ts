/**
 * The service: the routes served by an `HttpServer`, over whatever `EventStore` and `IdGenerator`
 * are provided (`main.ts`: Node's HTTP server, PostgreSQL and ULIDs; the tests: an ephemeral port,
 * a fresh schema and deterministic ids), answering from records kept current by following the
 * store (`LiveRecords.layer`). Provide the records before the server, so that it listens only once
 * they have caught up:
 *
 *   Service.layer().pipe(Layer.provide(httpServer), Layer.provide(LiveRecords.layer), Layer.provide(store))
 */
import type { Duration } from "effect"
import { Layer } from "effect"
import { HttpRouter } from "effect/http"
import * as ReadYourWrites from "./ReadYourWrites.ts"
import * as Routes from "./Routes.ts"

/**
 * Serves the routes; `disableLogger` silences the per-request log lines, `patience` bounds how
 * long a request waits for the records to reach this process's last write (default 10 seconds).
 */
export const layer = (options: { readonly disableLogger?: boolean; readonly patience?: Duration.Input } = {}) =>
  HttpRouter.serve(Routes.layer, { disableLogger: options.disableLogger ?? false }).pipe(
    Layer.provide(ReadYourWrites.layer(options.patience === undefined ? {} : { patience: options.patience }))
  )
