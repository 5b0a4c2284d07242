/**
 * Vietnamese lunisolar calendar (âm lịch) after Hồ Ngọc Đức's algorithm:
 * new moons from Jean Meeus' "Astronomical Algorithms" (1998), the sun's
 * apparent longitude for the major solar terms (trung khí), month 11 always
 * holding the winter solstice, and the leap month (tháng nhuận) being the
 * first month without a major solar term. Everything is evaluated in the
 * local time zone (Vietnam: UTC+7). Accurate for roughly 1800–2199.
 *
 * All days are Julian Day Numbers (JDN); `JDN = dayNumber + 2440588` where
 * `dayNumber` counts days since 1970-01-01.
 *
 * @internal
 */
import { daysFromCivil } from "./calendarCivil.ts"

/**
 * Julian Day Number of 1970-01-01.
 *
 * @category internal
 */
export const JDN_EPOCH = 2440588

/**
 * Vietnam's time zone offset in hours (giờ Đông Dương, UTC+7).
 *
 * @category internal
 */
export const VIETNAM_TIME_ZONE = 7

const DR = Math.PI / 180
const SYNODIC_MONTH = 29.530588853
const JDN_1900_NEW_MOON = 2415021.076998695

const jdnOf = (year: number, month: number, day: number): number => daysFromCivil(year, month, day) + JDN_EPOCH

/** Julian day (fractional, UT) of the k-th new moon after 1900-01-01 (Meeus, ch. 49, short series). */
const newMoon = (k: number): number => {
  const T = k / 1236.85
  const T2 = T * T
  const T3 = T2 * T
  const jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3
    + 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DR)
  const M = (359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3) * DR
  const Mpr = (306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3) * DR
  const F = (21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3) * DR
  const c1 = (0.1734 - 0.000393 * T) * Math.sin(M) + 0.0021 * Math.sin(2 * M)
    - 0.4068 * Math.sin(Mpr) + 0.0161 * Math.sin(2 * Mpr)
    - 0.0004 * Math.sin(3 * Mpr)
    + 0.0104 * Math.sin(2 * F) - 0.0051 * Math.sin(M + Mpr)
    - 0.0074 * Math.sin(M - Mpr) + 0.0004 * Math.sin(2 * F + M)
    - 0.0004 * Math.sin(2 * F - M) - 0.0006 * Math.sin(2 * F + Mpr)
    + 0.001 * Math.sin(2 * F - Mpr) + 0.0005 * Math.sin(2 * Mpr + M)
  const deltaT = T < -11
    ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
    : -0.000278 + 0.000265 * T + 0.000262 * T2
  return jd1 + c1 - deltaT
}

/** Sun's apparent longitude in radians, normalised to [0, 2π), at Julian day `jd` (UT). */
const sunLongitude = (jd: number): number => {
  const T = (jd - 2451545.0) / 36525
  const T2 = T * T
  const M = (357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2) * DR
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2
  const DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(M)
    + (0.019993 - 0.000101 * T) * Math.sin(2 * M) + 0.00029 * Math.sin(3 * M)
  const L = (L0 + DL) * DR
  return L - Math.PI * 2 * Math.floor(L / (Math.PI * 2))
}

/** Index 0–11 of the 30° sector of the sun's longitude at local midnight starting day `jdn`. */
const sunSector = (jdn: number, timeZone: number): number =>
  Math.floor((sunLongitude(jdn - 0.5 - timeZone / 24) / Math.PI) * 6)

/** JDN of the local day on which the k-th new moon falls. */
const newMoonDay = (k: number, timeZone: number): number => Math.floor(newMoon(k) + 0.5 + timeZone / 24)

/** JDN of the first day of lunar month 11 (the month containing the winter solstice) of solar year `year`. */
const lunarMonth11 = (year: number, timeZone: number): number => {
  const k = Math.floor((jdnOf(year, 12, 31) - 2415021) / SYNODIC_MONTH)
  const nm = newMoonDay(k, timeZone)
  return sunSector(nm, timeZone) >= 9 ? newMoonDay(k - 1, timeZone) : nm
}

/** Offset (in months after month 11 starting at `a11`) of the leap month of a 13-month lunar year. */
const leapMonthOffset = (a11: number, timeZone: number): number => {
  const k = Math.floor((a11 - JDN_1900_NEW_MOON) / SYNODIC_MONTH + 0.5)
  let i = 1
  let arc = sunSector(newMoonDay(k + i, timeZone), timeZone)
  let last: number
  do {
    last = arc
    i++
    arc = sunSector(newMoonDay(k + i, timeZone), timeZone)
  } while (arc !== last && i < 14)
  return i - 1
}

/**
 * A lunar date: year, month 1–12, day 1–30 and whether the month is the
 * leap month (tháng nhuận).
 *
 * @category internal
 */
export interface LunarDate {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly leap: boolean
}

/**
 * Converts a solar (Gregorian) date to the lunar calendar.
 *
 * @category internal
 */
export const solarToLunar = (year: number, month: number, day: number, timeZone: number): LunarDate => {
  const jdn = jdnOf(year, month, day)
  const k = Math.floor((jdn - JDN_1900_NEW_MOON) / SYNODIC_MONTH)
  let monthStart = newMoonDay(k + 1, timeZone)
  if (monthStart > jdn) monthStart = newMoonDay(k, timeZone)
  let a11 = lunarMonth11(year, timeZone)
  let b11 = a11
  let lunarYear: number
  if (a11 >= monthStart) {
    lunarYear = year
    a11 = lunarMonth11(year - 1, timeZone)
  } else {
    lunarYear = year + 1
    b11 = lunarMonth11(year + 1, timeZone)
  }
  const diff = Math.floor((monthStart - a11) / 29)
  let lunarMonth = diff + 11
  let leap = false
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, timeZone)
    if (diff >= leapDiff) {
      lunarMonth = diff + 10
      leap = diff === leapDiff
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1
  return { year: lunarYear, month: lunarMonth, day: jdn - monthStart + 1, leap }
}

/**
 * JDN of a lunar date. When `leap` is requested but `month` is not the leap
 * month of `year`, the regular month is used. Days beyond the month's length
 * run on into the following month.
 *
 * @category internal
 */
export const lunarToJdn = (year: number, month: number, day: number, leap: boolean, timeZone: number): number => {
  const a11 = month < 11 ? lunarMonth11(year - 1, timeZone) : lunarMonth11(year, timeZone)
  const b11 = month < 11 ? lunarMonth11(year, timeZone) : lunarMonth11(year + 1, timeZone)
  const k = Math.floor(0.5 + (a11 - JDN_1900_NEW_MOON) / SYNODIC_MONTH)
  let off = month - 11
  if (off < 0) off += 12
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, timeZone)
    let leapMonth = leapOff - 2
    if (leapMonth < 0) leapMonth += 12
    if ((leap && month === leapMonth) || off >= leapOff) off += 1
  }
  return newMoonDay(k + off, timeZone) + day - 1
}
