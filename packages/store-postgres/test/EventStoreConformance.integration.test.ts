import * as EventStoreConformance from "@dangvien/testing/EventStoreConformance"
import { describePostgres, freshStore } from "./server.ts"

describePostgres("store-postgres", () => {
  EventStoreConformance.run({
    name: "postgres",
    layer: () => freshStore(),
    layerWith: (options) => freshStore(options),
    writers: 20
  })
})
