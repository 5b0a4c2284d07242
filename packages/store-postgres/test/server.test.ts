import { assert, it } from "@effect/vitest"
import { Effect } from "effect"
import { probe } from "./server.ts"

// Runs without a server: the failure a run gets when PostgreSQL is down must say how to start it.
it.live("an unreachable server fails the integration tests with how to start it", () =>
  Effect.gen(function*() {
    const message = yield* probe("postgres://postgres@127.0.0.1:1/test")
    assert.isDefined(message)
    assert.include(message, "PostgreSQL is not reachable at postgres://postgres@127.0.0.1:1/test")
    assert.include(message, "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start")
    assert.include(message, "DANGVIEN_PG_URL")
    assert.include(message, "DANGVIEN_SKIP_POSTGRES=1")
  }))
