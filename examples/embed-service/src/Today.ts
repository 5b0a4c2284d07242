/**
 * Today's date in Vietnam (UTC+7), from Effect's `Clock`: the date reads are judged on when they
 * give no date of their own. Tests provide a fixed clock.
 */
import { type Calendar, Envelope } from "@dangvien/core"
import { Clock, Effect } from "effect"

/** Today's calendar date in Vietnam. */
export const today: Effect.Effect<Calendar.CalendarDate> = Effect.map(Clock.currentTimeMillis, Envelope.dayInVietnam)
