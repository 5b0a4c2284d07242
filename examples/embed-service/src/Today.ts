/**
 * Today's date in Vietnam (UTC+7), from Effect's `Clock`: the date reads are judged on when they
 * give no date of their own. Tests provide a fixed clock.
 */
import { Calendar } from "@dangvien/core"
import { Clock, Effect } from "effect"

const vietnamOffsetMs = 7 * 3_600_000

/** Today's calendar date in Vietnam. */
export const today: Effect.Effect<Calendar.CalendarDate> = Effect.map(
  Clock.currentTimeMillis,
  (now) => Calendar.fromDayNumber(Math.floor((now + vietnamOffsetMs) / 86_400_000))
)
