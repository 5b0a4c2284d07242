/**
 * @dangvien/fp-ts — dangvien for codebases built on fp-ts: the core's deciders and decoders as
 * `Either`, a store's operations as `TaskEither`. The core itself stays on Effect.
 *
 * @since 0.1.0
 */

/** Deciding, replaying and decoding, as `Either`. */
export * as Either from "./Either.ts"
/** A store's operations as `TaskEither`. */
export * as TaskEither from "./TaskEither.ts"
