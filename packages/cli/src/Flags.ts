/**
 * Flags several commands share, spelled and described once.
 *
 * @since 0.1.0
 */
import { Flag } from "effect/cli"

/**
 * `--org ID|CODE`: the organisation a command is about.
 *
 * @category flags
 * @since 0.1.0
 */
export const org = Flag.String("org").pipe(Flag.withDescription("the organisation (id or code)"))

/**
 * `--lang vi|en`: the language of labels and messages (default Vietnamese).
 *
 * @category flags
 * @since 0.1.0
 */
export const lang = Flag.Literals("lang", ["vi", "en"]).pipe(Flag.withDefault("vi" as const))
