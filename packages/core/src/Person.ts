/**
 * Personal data (lý lịch) of a candidate or member. Personal data lives only in `person` objects so
 * that it can be redacted or crypto-shredded without touching the rest of history.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { CalendarDate } from "./Calendar.ts"

/**
 * Gender (giới tính).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Gender = Schema.Literals(["male", "female"])
/**
 * @category models
 * @since 0.1.0
 */
export type Gender = typeof Gender.Type

/**
 * General education (trình độ giáo dục phổ thông): tiểu học, THCS, THPT.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Education = Schema.Literals(["primary", "lowerSecondary", "upperSecondary"])
/**
 * @category models
 * @since 0.1.0
 */
export type Education = typeof Education.Type

/**
 * Professional qualification (trình độ chuyên môn).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Professional = Schema.Literals(["none", "vocational", "college", "university", "postgraduate"])

/**
 * Political theory level (trình độ lý luận chính trị): sơ cấp, trung cấp, cao cấp.
 *
 * @category schemas
 * @since 0.1.0
 */
export const PoliticalTheory = Schema.Literals(["none", "elementary", "intermediate", "advanced"])

/** A name as written: not empty, no spaces around it (which would make it another name). */
const trimmedName = (field: string) =>
  Schema.makeFilter((s: string) =>
    s.trim() === ""
      ? `${field} must not be empty`
      : s.trim() !== s
      ? `${field} ${JSON.stringify(s)} has spaces around it: write ${JSON.stringify(s.trim())}`
      : true
  )

/**
 * Ethnicity (dân tộc): the statistics count every group but `Kinh` as an ethnic minority, so the
 * majority is written `Kinh` exactly — `kinh` or `KINH` would count as a minority.
 */
const Ethnicity = Schema.String.check(
  trimmedName("ethnicity"),
  Schema.makeFilter((s: string) =>
    s.toLowerCase() === "kinh" && s !== "Kinh" ? `ethnicity ${JSON.stringify(s)}: write Kinh` : true
  )
)

/** Spellings of "no religion" (không) that would count as a religion. */
const noReligion = new Set(["không", "khong", "none", "không có", "no", "-"])

/**
 * Religion (tôn giáo): its name, or `null` for none — `"Không"` would count the person as religious.
 */
const Religion = Schema.NullOr(Schema.String.check(
  trimmedName("religion"),
  Schema.makeFilter((s: string) =>
    noReligion.has(s.trim().toLowerCase())
      ? `religion ${JSON.stringify(s)} means none: a person without a religion has religion null`
      : true
  )
))

const personFields = {
  fullName: Schema.String.check(Schema.isMinLength(1, { message: "fullName must not be empty" })),
  birthDate: CalendarDate,
  gender: Gender,
  ethnicity: Schema.optionalKey(Ethnicity),
  religion: Religion,
  education: Schema.optionalKey(Education),
  professional: Schema.optionalKey(Professional),
  politicalTheory: Schema.optionalKey(PoliticalTheory),
  nationalId: Schema.optionalKey(Schema.String)
}

/**
 * A person: full name, birth date, gender, ethnicity (dân tộc, default `Kinh`), religion (tôn giáo,
 * or null), education and qualifications.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Person = Schema.Struct(personFields).annotate({ title: "Person" })
/**
 * @category models
 * @since 0.1.0
 */
export type Person = typeof Person.Type

/**
 * A correction of personal data: only the corrected fields.
 *
 * @category schemas
 * @since 0.1.0
 */
export const PersonPatch = Schema.Struct({
  fullName: Schema.optionalKey(personFields.fullName),
  birthDate: Schema.optionalKey(CalendarDate),
  gender: Schema.optionalKey(Gender),
  ethnicity: Schema.optionalKey(Ethnicity),
  religion: Schema.optionalKey(Religion),
  education: Schema.optionalKey(Education),
  professional: Schema.optionalKey(Professional),
  politicalTheory: Schema.optionalKey(PoliticalTheory),
  nationalId: Schema.optionalKey(Schema.String)
}).annotate({ title: "PersonPatch" })
/**
 * @category models
 * @since 0.1.0
 */
export type PersonPatch = typeof PersonPatch.Type

/**
 * The ethnicity of a person; absent means `Kinh` (the majority ethnic group).
 *
 * @category getters
 * @since 0.1.0
 */
export const ethnicityOf = (p: Person): string => p.ethnicity ?? "Kinh"

/**
 * Is this person of an ethnic minority (người dân tộc thiểu số)?
 *
 * @category getters
 * @since 0.1.0
 */
export const isEthnicMinority = (p: Person): boolean => ethnicityOf(p) !== "Kinh"

/**
 * Applies a correction to a person.
 *
 * @category combinators
 * @since 0.1.0
 */
export const correct = (p: Person, patch: PersonPatch): Person => ({ ...p, ...patch })
