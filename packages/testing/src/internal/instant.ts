/**
 * Realistic recording instants (`recordedAt`): during office hours in Vietnam (UTC+7), on the day a
 * fact took effect or a few days later, never before an earlier recording of the same stream.
 */
import type { CalendarDate } from "@dangvien/core/Calendar"
import * as Envelope from "@dangvien/core/Envelope"
import type { Draw } from "./draw.ts"

const DAY = 86_400_000
const MINUTE = 60_000

/** An instant (ms) on `day` or up to two weeks later, after `notBefore`. */
export const recordingMs = (d: Draw, day: CalendarDate, notBefore: number): number => {
  const delay = d.weighted<number>([[70, 0], [20, 1], [10, 2]])
  const days = delay === 0 ? 0 : delay === 1 ? d.int(1, 3) : d.int(4, 14)
  const ms = Envelope.startOfDayInstant(day) + days * DAY + d.int(7 * 60 + 30, 17 * 60 + 30) * MINUTE
  return ms > notBefore ? ms : notBefore + d.int(1, 90) * MINUTE
}

/** The ISO form of an instant. */
export const iso = (ms: number): string => new Date(ms).toISOString()
