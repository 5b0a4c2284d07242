/**
 * Dates and instants given on the command line, checked: a bad one is one clear error line.
 *
 * @since 0.1.0
 */
import { Calendar, Envelope } from "@dangvien/core"
import { Clock, Effect, Option, Schema } from "effect"
import { CliFailure, ExitCode } from "./CliFailure.ts"

const isInstant = Schema.is(Envelope.Instant)

/**
 * A calendar date `YYYY-MM-DD` that exists (2021-02-30 does not).
 *
 * @category parsing
 * @since 0.1.0
 */
export const date = (flag: string, value: string): Effect.Effect<Calendar.CalendarDate, CliFailure> =>
  Calendar.isValid(value)
    ? Effect.succeed(value as Calendar.CalendarDate)
    : Effect.fail(
      new CliFailure({
        message: `--${flag} ${value} is not a date: expected YYYY-MM-DD, a day that exists`,
        exitCode: ExitCode.usage
      })
    )

/**
 * An optional date flag.
 *
 * @category parsing
 * @since 0.1.0
 */
export const optionalDate = (
  flag: string,
  value: Option.Option<string>
): Effect.Effect<Calendar.CalendarDate | undefined, CliFailure> =>
  Option.isNone(value) ? Effect.succeed(undefined) : date(flag, value.value)

/**
 * An optional instant flag (`instant`).
 *
 * @category parsing
 * @since 0.1.0
 */
export const optionalInstant = (
  flag: string,
  value: Option.Option<string>
): Effect.Effect<string | undefined, CliFailure> =>
  Option.isNone(value) ? Effect.succeed(undefined) : instant(flag, value.value)

/**
 * An ISO instant with its offset, such as `2022-01-15T00:00:00Z` or `2022-01-15T07:00:00+07:00` — the
 * form of `recordedAt` (`Envelope.Instant`: a day that exists, hours up to 23), so that no machine's
 * time zone changes what it means — or a date, read as the end of that day in Vietnam.
 *
 * @category parsing
 * @since 0.1.0
 */
export const instant = (flag: string, value: string): Effect.Effect<string, CliFailure> => {
  if (Calendar.isValid(value)) {
    // The last millisecond before the next day starts in Vietnam.
    return Effect.succeed(new Date(Envelope.startOfDayInstant(value) + 86_400_000 - 1).toISOString())
  }
  return isInstant(value)
    ? Effect.succeed(new Date(Date.parse(value)).toISOString())
    : Effect.fail(
      new CliFailure({
        message:
          `--${flag} ${value} is not an instant: expected a date, or a date and time with its offset, e.g. 2022-01-15T00:00:00Z or 2022-01-15T07:00:00+07:00`,
        exitCode: ExitCode.usage
      })
    )
}

/**
 * Today in Vietnam (UTC+7), from the `Clock`: the default date of the commands.
 *
 * @category getters
 * @since 0.1.0
 */
export const today: Effect.Effect<Calendar.CalendarDate> = Effect.map(Clock.currentTimeMillis, Envelope.dayInVietnam)

/** Two digits: `7` as `07`. */
const two = (n: number) => String(n).padStart(2, "0")

/**
 * An instant as its time in Vietnam, to the second: `2022-01-15 23:59:59 (UTC+7)`.
 *
 * @category formatting
 * @since 0.1.0
 */
export const inVietnam = (at: string): string => {
  const ms = Date.parse(at)
  if (Number.isNaN(ms)) return at
  const day = Envelope.dayInVietnam(ms)
  const seconds = Math.floor((ms - Envelope.startOfDayInstant(day)) / 1000)
  return `${day} ${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)} (UTC+7)`
}
