/**
 * What the calibrations share: the generated background, read; a history made of its lines and
 * the lines the calibration adds, the failure when a generated background cannot be topped up to the targets,
 * measuring the background with `Statistics`, and the people of new streams.
 */
import { Calendar, type Envelope, Ids, Statistics } from "@dangvien/core"
import { ProvinceHistory } from "@dangvien/testing"
import { Data, Result } from "effect"
import * as Roster from "./Roster.ts"
import type { Who, Writer } from "./TopUp.ts"

/** A calibrated history. */
export interface History {
  /** The organisation the figures are about (the province or town committee). */
  readonly root: Ids.OrgId
  /** Every NDJSON line: the generated background, then the calibration's lines. */
  readonly lines: () => Iterable<string>
  /** Generated lines and calibration lines. */
  readonly generated: number
  readonly added: number
  /** What the calibration added, by kind. */
  readonly adjustments: ReadonlyMap<string, number>
}

/** A generated background: its lines, the envelopes they hold, and its tree and members' states. */
export interface Background {
  readonly lines: Iterable<string>
  readonly envelopes: ReadonlyArray<Envelope.Envelope>
  readonly roster: Roster.Roster
}

/** Parses generated lines. */
const parse = (lines: Iterable<string>): Array<Envelope.Envelope> => {
  const out: Array<Envelope.Envelope> = []
  for (const l of lines) out.push(JSON.parse(l) as Envelope.Envelope)
  return out
}

/** Generates the background of these options and reads it. */
export const generateBackground = (options: ProvinceHistory.Options): Background => {
  const lines = ProvinceHistory.make(options)
  const envelopes = parse(lines)
  return { lines, envelopes, roster: Roster.read(envelopes) }
}

/** The background's lines followed by what the writer added: a calibrated history of `root`. */
export const topped = (root: Ids.OrgId, background: Background, w: Writer): History => {
  const extra = [...w.lines()]
  return {
    root,
    lines: function*() {
      yield* background.lines
      yield* extra
    },
    generated: background.envelopes.length,
    added: extra.length,
    adjustments: w.added
  }
}

/**
 * The generated background is further from the targets than adding events can fix (a figure
 * that is already above its target): change the background's options.
 *
 * @category errors
 */
export class CalibrationInfeasible extends Data.TaggedError("CalibrationInfeasible")<{
  readonly figure: string
  readonly generated: number
  readonly target: number
}> {
  override get message(): string {
    return `${this.figure}: the background has ${this.generated}, the target is ${this.target}`
  }
}

/** The background's report for a query (the calibration's measure, before any top-up). */
export const measure = (index: Statistics.Index, root: string, q: Omit<Statistics.Query, "org">) =>
  Statistics.query(index, { ...q, org: Ids.orgId(root) })

/** Fails unless `target − generated` is at least `min` (default 0). */
export const deficit = (
  figure: string,
  generated: number,
  target: number,
  min = 0
): Result.Result<number, CalibrationInfeasible> =>
  target - generated >= min
    ? Result.succeed(target - generated)
    : Result.fail(new CalibrationInfeasible({ figure, generated, target }))

const FAMILY = ["Lò", "Tòng", "Vàng", "Giàng", "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ"]
const GIVEN_F = ["Thị Hoa", "Thị Mai", "Thị Lan", "Thị Hằng", "Thị Thu"]
const GIVEN_M = ["Văn Minh", "Văn Hùng", "A Páo", "Văn Thắng", "Đức Anh"]

/**
 * The i-th person of a calibration: a name, born `age` years before `on` (and up to 299 days more:
 * `age` full years on `on`), of a religion when one is given.
 */
export const who = (
  i: number,
  female: boolean,
  ethnicity: string,
  on: string,
  age: number,
  religion?: string
): Who => ({
  fullName: `${FAMILY[i % FAMILY.length]} ${(female ? GIVEN_F : GIVEN_M)[(i >> 3) % 5]}`,
  birthDate: Calendar.addDays(Calendar.addYears(on, -age), -(i % 300)),
  female,
  ethnicity,
  ...(religion === undefined ? {} : { religion })
})

/**
 * Whether the i-th of `n` items is among the `k` chosen, spread evenly over the n (so that two
 * choices with different k mix: the chosen of one are not all the first of the other).
 */
export const spread = (i: number, k: number, n: number): boolean =>
  n > 0 && Math.floor(((i + 1) * k) / n) - Math.floor((i * k) / n) > 0
