/**
 * Drawing personal data (see the public `Person` module for the arbitraries).
 */
import * as Calendar from "@dangvien/core/Calendar"
import type { CalendarDate } from "@dangvien/core/Calendar"
import type { Person } from "@dangvien/core/Person"
import type { Choices, Draw } from "./draw.ts"
import * as Names from "./names.ts"

/** Constraints of a drawn person (documented on `Person.PersonConstraints`). */
export interface PersonConstraints {
  readonly bornFrom?: CalendarDate
  readonly bornTo?: CalendarDate
  readonly ethnicity?: string
  readonly educationKnown?: boolean
}

const styleOf = (ethnicity: string): Names.NameStyle => Names.styles[ethnicity] ?? Names.styles["Kinh"]!

/** A full name in the style of an ethnic group. */
export const drawFullName = (d: Choices, ethnicity: string, gender: Person["gender"]): string => {
  const style = styleOf(ethnicity)
  const family = d.weighted(style.family)
  const middle = d.pick(style.middle[gender])
  const given = d.pick(style.given[gender])
  if (style.familyLast === true) return `${middle === "H'" ? `H'${given}` : `${middle} ${given}`} ${family}`
  return [family, middle, given].filter((p) => p !== "").join(" ")
}

/** A 12-digit citizen id (căn cước công dân): province, gender and century, birth year, serial. */
export const drawNationalId = (d: Choices, birthDate: CalendarDate, gender: Person["gender"]): string => {
  const year = Calendar.toParts(birthDate).year
  const century = year >= 2000 ? 2 : 0
  const genderDigit = century + (gender === "female" ? 1 : 0)
  const province = d.pick(Names.provinces)[0].padStart(3, "0")
  return `${province}${genderDigit}${String(year % 100).padStart(2, "0")}${String(d.int(0, 999_999)).padStart(6, "0")}`
}

/** A person, drawn from a `Draw` (shared with the history generators). */
export const drawPerson = (d: Draw, constraints: PersonConstraints = {}): Person => {
  const from = Calendar.toDayNumber(constraints.bornFrom ?? "1930-01-01")
  const to = Calendar.toDayNumber(constraints.bornTo ?? "2006-12-31")
  const birthDate = Calendar.fromDayNumber(d.int(from, Math.max(from, to)))
  const gender = d.weighted<Person["gender"]>([[64, "male"], [36, "female"]])
  const ethnicity = constraints.ethnicity ?? d.weighted(Names.ethnicities)
  const minority = ethnicity !== "Kinh"
  const old = birthDate < "1955-01-01"
  const education = d.weighted<NonNullable<Person["education"]>>([
    [old ? 45 : 72, "upperSecondary"],
    [old ? 35 : 22, "lowerSecondary"],
    [old || minority ? 12 : 3, "primary"]
  ])
  const professional = d.weighted<NonNullable<Person["professional"]>>([
    [30, "university"],
    [20, "none"],
    [20, "vocational"],
    [15, "college"],
    [5, "postgraduate"]
  ])
  const politicalTheory = d.weighted<NonNullable<Person["politicalTheory"]>>([
    [45, "elementary"],
    [30, "none"],
    [20, "intermediate"],
    [5, "advanced"]
  ])
  const religion = d.weighted(styleOf(ethnicity).religions)
  return {
    fullName: drawFullName(d, ethnicity, gender),
    birthDate,
    gender,
    ...(ethnicity === "Kinh" && d.chance(0.5) ? {} : { ethnicity }),
    religion,
    ...(constraints.educationKnown === false && d.chance(0.5) ? {} : { education }),
    ...(d.chance(0.7) ? { professional } : {}),
    ...(d.chance(0.6) ? { politicalTheory } : {}),
    ...(birthDate >= "1940-01-01" && d.chance(0.6) ? { nationalId: drawNationalId(d, birthDate, gender) } : {})
  }
}
