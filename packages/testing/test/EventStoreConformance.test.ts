import * as EventStore from "@dangvien/core/EventStore"
import * as Projection from "@dangvien/core/Projection"
import { Layer } from "effect"
import * as EventStoreConformance from "../src/EventStoreConformance.ts"

EventStoreConformance.run({
  name: "memory",
  layer: () => Layer.mergeAll(EventStore.layerMemory, Projection.layerMemory),
  layerWith: (options) => Layer.mergeAll(EventStore.layerMemoryWith(options), Projection.layerMemory)
})
