/**
 * The service: the routes served by an `HttpServer`, over whatever `EventStore` and `IdGenerator`
 * are provided (`main.ts`: Node's HTTP server, PostgreSQL and ULIDs; the tests: an ephemeral port,
 * a fresh schema and deterministic ids).
 */
import { Layer } from "effect"
import { HttpRouter } from "effect/http"
import * as ReadYourWrites from "./ReadYourWrites.ts"
import * as Routes from "./Routes.ts"

/** Serves the routes; `disableLogger` silences the per-request log lines. */
export const layer = (options: { readonly disableLogger?: boolean } = {}) =>
  HttpRouter.serve(Routes.layer, { disableLogger: options.disableLogger ?? false }).pipe(
    Layer.provide(ReadYourWrites.layer)
  )
