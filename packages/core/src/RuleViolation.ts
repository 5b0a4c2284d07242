/**
 * The refusal of a command or an imported event: the rule it breaks (an ID of the rule book,
 * `docs/rules.md`), the offending field, and a message in English and Vietnamese.
 *
 * @since 0.1.0
 */
import { Data } from "effect"

/**
 * The IDs of the rule book (`docs/rules.md`).
 *
 * @category models
 * @since 0.1.0
 */
export type RuleId =
  | `CAL-0${1 | 2 | 3}`
  | `EVT-0${1 | 2 | 3 | 4 | 5}`
  | `ADM-${"01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11"}`
  | `RDM-0${1 | 2 | 3 | 4 | 5}`
  | `PRB-0${1 | 2 | 3 | 4 | 5 | 6}`
  | `AGE-0${1 | 2 | 3 | 4 | 5}`
  | `BDG-0${1 | 2 | 3 | 4 | 5 | 6 | 7}`
  | `TRF-0${1 | 2 | 3 | 4 | 5}`
  | `EXT-0${1 | 2 | 3 | 4 | 5 | 6}`
  | `RAT-0${1 | 2 | 3 | 4 | 5}`
  | `DSC-0${1 | 2 | 3}`
  | `CRD-0${1 | 2 | 3 | 4}`
  | `ORG-0${1 | 2 | 3 | 4 | 5}`
  | `STR-0${1 | 2 | 3 | 4}`

/**
 * A rule violation (vi phạm quy định): refusal of a command, citing its rule.
 *
 * @category errors
 * @since 0.1.0
 */
export class RuleViolation extends Data.TaggedError("RuleViolation")<{
  /** The rule ID, e.g. `ADM-04`. */
  readonly rule: RuleId
  /** The offending field, as a path into the event (`data.sponsors.0`, `occurredOn`). */
  readonly field: string
  /** What is wrong, in English. */
  readonly message: string
  /** What is wrong, in Vietnamese. */
  readonly messageVi: string
}> {
  /** `RULE field: message` */
  override toString(): string {
    return `${this.rule} ${this.field}: ${this.message}`
  }
}

/**
 * Builds a rule violation.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (rule: RuleId, field: string, message: string, messageVi: string): RuleViolation =>
  new RuleViolation({ rule, field, message, messageVi })
