import * as EventStoreConformance from "@dangvien/testing/EventStoreConformance"
import { describePostgres, freshSchema, freshStore } from "./server.ts"

describePostgres("store-postgres", () => {
  EventStoreConformance.run({
    name: "postgres",
    layer: () => freshStore(),
    layerWith: (options) => freshStore(options),
    writers: 20,
    bulk: {
      layerTwice: () => {
        const schema = freshSchema()
        return [freshStore({}, schema), freshStore({}, schema)] as const
      }
    }
  })
})
