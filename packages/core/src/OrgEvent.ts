/**
 * The events of an organisation stream (`org-<OrgId>`): a party organisation's founding, shape and
 * plan over time (§11 of the rule book).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { CalendarDate } from "./Calendar.ts"
import { OrgId } from "./Ids.ts"

const make = <const T extends string, const F extends Schema.Struct.Fields>(type: T, data: F) =>
  Schema.Struct({
    type: Schema.Literal(type),
    occurredOn: CalendarDate,
    data: Schema.Struct(data)
  }).annotate({ title: type })

/**
 * Kinds of party organisation (ORG-01): đảng bộ tỉnh, cấp trên trực tiếp của cơ sở, đảng bộ cơ sở,
 * chi bộ cơ sở, đảng bộ bộ phận, chi bộ trực thuộc.
 *
 * @category schemas
 * @since 0.1.0
 */
export const OrgKind = Schema.Literals([
  "province",
  "upper",
  "grassrootsCommittee",
  "grassrootsCell",
  "subCommittee",
  "cell"
])
/**
 * @category models
 * @since 0.1.0
 */
export type OrgKind = typeof OrgKind.Type

/** @category events @since 0.1.0 */
export const OrganizationFounded = make("OrganizationFounded", {
  name: Schema.String.check(Schema.isMinLength(1, { message: "name must not be empty" })),
  kind: OrgKind,
  parentId: Schema.NullOr(OrgId),
  code: Schema.optionalKey(Schema.String)
})
/** @category events @since 0.1.0 */
export const OrganizationRenamed = make("OrganizationRenamed", {
  name: Schema.String.check(Schema.isMinLength(1, { message: "name must not be empty" }))
})
/** @category events @since 0.1.0 */
export const OrganizationReparented = make("OrganizationReparented", { parentId: OrgId })
/** @category events @since 0.1.0 */
export const OrganizationKindChanged = make("OrganizationKindChanged", { kind: OrgKind })
/** @category events @since 0.1.0 */
export const OrganizationMerged = make("OrganizationMerged", { intoOrgId: OrgId })
/** @category events @since 0.1.0 */
export const OrganizationDissolved = make("OrganizationDissolved", {
  membersMovedTo: Schema.optionalKey(OrgId)
})
/** @category events @since 0.1.0 */
export const CommitteeElected = make("CommitteeElected", {
  kind: Schema.Literals(["chiUy", "secretary"]),
  size: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)))
})
/** @category events @since 0.1.0 */
export const AdmissionTargetSet = make("AdmissionTargetSet", {
  year: Schema.Int.check(Schema.isBetween({ minimum: 1930, maximum: 2200 })),
  target: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
})

/**
 * Every organisation event schema, by type.
 *
 * @category schemas
 * @since 0.1.0
 */
export const schemas = {
  OrganizationFounded,
  OrganizationRenamed,
  OrganizationReparented,
  OrganizationKindChanged,
  OrganizationMerged,
  OrganizationDissolved,
  CommitteeElected,
  AdmissionTargetSet
} as const

/**
 * @category models
 * @since 0.1.0
 */
export type OrgEventType = keyof typeof schemas

/**
 * The union of organisation events.
 *
 * @category schemas
 * @since 0.1.0
 */
export const OrgEvent = Schema.Union(Object.values(schemas)).annotate({ title: "OrgEvent" })
/**
 * @category models
 * @since 0.1.0
 */
export type OrgEvent = typeof OrgEvent.Type

/**
 * One organisation event of a given type.
 *
 * @category models
 * @since 0.1.0
 */
export type Of<T extends OrgEventType> = Extract<OrgEvent, { readonly type: T }>

/**
 * The types of organisation event.
 *
 * @category constants
 * @since 0.1.0
 */
export const types: ReadonlyArray<OrgEventType> = Object.keys(schemas) as Array<OrgEventType>

/**
 * Is this type an organisation event type?
 *
 * @category guards
 * @since 0.1.0
 */
export const isType = (type: string): type is OrgEventType => Object.hasOwn(schemas, type)
