/**
 * Deterministic ULIDs: a 48-bit time part (milliseconds, clamped to 0 before 1970) and an 80-bit
 * entropy part supplied by the caller — the core's `Ids.makeUlid`.
 */
export { makeUlid as make } from "@dangvien/core/Ids"
