/**
 * Starts the service: `PORT` (default 3000), the store on `DANGVIEN_PG_URL` (default
 * postgres://postgres@127.0.0.1:5432/test) in schema `DANGVIEN_PG_SCHEMA` (default `dangvien`).
 *
 *   node examples/embed-service/src/main.ts
 */
import { IdGenerator } from "@dangvien/core"
import { PostgresStore } from "@dangvien/store-postgres"
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Layer } from "effect"
import { createServer } from "node:http"
import * as LiveRecords from "./LiveRecords.ts"
import * as Service from "./Service.ts"

const port = Number(process.env["PORT"] ?? 3000)
const url = process.env["DANGVIEN_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"
const schema = process.env["DANGVIEN_PG_SCHEMA"] ?? PostgresStore.defaultSchema

// The store is built (connected, migrated) and the records have caught up with it before the
// server listens: a request accepted before the routes are attached would wait for nothing.
Service.layer().pipe(
  Layer.provide(NodeHttpServer.layer(createServer, { port })),
  Layer.provide(LiveRecords.layer),
  Layer.provide([
    PostgresStore.layer({ url, schema, applicationName: "dangvien-embed-service" }),
    IdGenerator.layerUlid
  ]),
  Layer.launch,
  NodeRuntime.runMain
)
