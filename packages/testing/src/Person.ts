/**
 * Arbitraries of personal data (lý lịch): Vietnamese names by ethnic group, birth dates, gender,
 * ethnicity (mostly Kinh, with Tày, Thái, Mường, Khmer, Mông, Nùng, Dao, Ê Đê), religion (mostly
 * none), education and qualifications, and a 12-digit citizen id (CCCD).
 *
 * @since 0.1.0
 */
import type { CalendarDate } from "@dangvien/core/Calendar"
import type { Person } from "@dangvien/core/Person"
import type * as fc from "fast-check"
import { draw } from "./internal/draw.ts"
import * as Names from "./internal/names.ts"
import { drawFullName, drawPerson } from "./internal/people.ts"

/**
 * Constraints of `person`: the birth-date range (default 1930-01-01 … 2006-12-31), a fixed
 * ethnicity, and whether the education level is known (old records often lack it; default true).
 *
 * @category models
 * @since 0.1.0
 */
export interface PersonConstraints {
  readonly bornFrom?: CalendarDate
  readonly bornTo?: CalendarDate
  readonly ethnicity?: string
  readonly educationKnown?: boolean
}

/**
 * The ethnic groups generated (Kinh for about 85% of people).
 *
 * @category constants
 * @since 0.1.0
 */
export const ethnicities: ReadonlyArray<string> = Names.ethnicities.map(([, e]) => e)

/**
 * A person (người vào Đảng or đảng viên): name in the style of their ethnic group, birth date in the
 * given range, gender, ethnicity (absent means Kinh), religion (null for most), education (older
 * people and ethnic minorities more often with primary education only), qualifications and a
 * citizen id.
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const person = (constraints: PersonConstraints = {}): fc.Arbitrary<Person> =>
  draw((d) => drawPerson(d, constraints))

/**
 * A full name in the style of an ethnic group: `Nguyễn Văn Hùng`, `Lò Thị Ún`, `Giàng A Páo`,
 * `Thạch Sa Rinh`, `Y Bih Niê`.
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const fullName = (ethnicity = "Kinh", gender: Person["gender"] = "male"): fc.Arbitrary<string> =>
  draw((d) => drawFullName(d, ethnicity, gender))
