/**
 * The built-in Vietnamese public holidays (ngày nghỉ lễ, tết), computed per
 * year from the rules of the Labour Code and the lunar calendar, cached per
 * year. See `holidaysOf` in `Calendar.ts` for the documented placement rules.
 *
 * @internal
 */
import { daysFromCivil, formatDayNumber, weekdayOfDayNumber, yearOf } from "./calendarCivil.ts"
import { JDN_EPOCH, lunarToJdn, VIETNAM_TIME_ZONE } from "./lunar.ts"

/**
 * One built-in holiday: its date and Vietnamese name.
 *
 * @category internal
 */
export interface Holiday {
  readonly date: string
  readonly name: string
}

/**
 * First year covered by the built-in holiday table.
 *
 * @category internal
 */
export const FIRST_YEAR = 1930

/**
 * Last year covered by the built-in holiday table.
 *
 * @category internal
 */
export const LAST_YEAR = 2199

const lunarDayNumber = (year: number, month: number, day: number): number =>
  lunarToJdn(year, month, day, false, VIETNAM_TIME_ZONE) - JDN_EPOCH

const isWeekendDn = (dn: number): boolean => {
  const wd = weekdayOfDayNumber(dn)
  return wd === 0 || wd === 6
}

/** Weekday of 2/9 (0 = Sunday) → the adjacent Quốc khánh day is 3/9 (true) or 1/9 (false). */
const NATIONAL_DAY_AFTER: ReadonlyArray<boolean> = [true, true, false, false, true, false, false]

const computeYear = (year: number): ReadonlyArray<Holiday> => {
  if (!(year >= FIRST_YEAR && year <= LAST_YEAR) || !Number.isInteger(year)) return []
  const byDay = new Map<number, string>()
  const add = (dn: number, name: string): void => {
    if (!byDay.has(dn)) byDay.set(dn, name)
  }
  add(daysFromCivil(year, 1, 1), "Tết Dương lịch")
  const tet = lunarDayNumber(year, 1, 1)
  const tetDays = year >= 2013 ? 5 : 4
  for (let i = -1; i < tetDays - 1; i++) add(tet + i, "Tết Nguyên đán")
  if (year >= 2007) add(lunarDayNumber(year, 3, 10), "Giỗ Tổ Hùng Vương")
  add(daysFromCivil(year, 4, 30), "Ngày Chiến thắng")
  add(daysFromCivil(year, 5, 1), "Ngày Quốc tế Lao động")
  const nationalDay = daysFromCivil(year, 9, 2)
  add(nationalDay, "Quốc khánh")
  if (year >= 2021) add(nationalDay + (NATIONAL_DAY_AFTER[weekdayOfDayNumber(nationalDay)] ? 1 : -1), "Quốc khánh")
  // Nghỉ bù (Labour Code 2019 Art. 111(3)): a holiday on a weekly rest day is
  // compensated on the next working day not already off.
  const days = [...byDay.keys()].sort((a, b) => a - b)
  for (const dn of days) {
    if (!isWeekendDn(dn)) continue
    let next = dn + 1
    while (isWeekendDn(next) || byDay.has(next)) next++
    byDay.set(next, "Nghỉ bù " + byDay.get(dn))
  }
  return [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([dn, name]) => ({ date: formatDayNumber(dn), name }))
}

const lists = new Map<number, ReadonlyArray<Holiday>>()
const sets = new Map<number, ReadonlySet<string>>()

/**
 * Built-in holidays of a year (cached).
 *
 * @category internal
 */
export const holidaysOfYear = (year: number): ReadonlyArray<Holiday> => {
  let list = lists.get(year)
  if (list === undefined) {
    list = computeYear(year)
    lists.set(year, list)
  }
  return list
}

/**
 * Whether a date is a built-in holiday (looks up the cached year table).
 *
 * @category internal
 */
export const isBuiltInHoliday = (d: string): boolean => {
  const year = yearOf(d)
  let set = sets.get(year)
  if (set === undefined) {
    set = new Set(holidaysOfYear(year).map((h) => h.date))
    sets.set(year, set)
  }
  return set.has(d)
}

/**
 * All built-in holidays from `FIRST_YEAR` to `LAST_YEAR`, in order.
 *
 * @category internal
 */
export function* allBuiltInHolidays(): Generator<string> {
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    for (const h of holidaysOfYear(year)) yield h.date
  }
}
