/**
 * The decider of an organisation stream (§11 of the rule book): commands to found, rename,
 * re-parent, change the kind of, merge (sáp nhập), dissolve (giải thể) a party organisation, elect
 * its committee and set its admission target. Refusals cite STR-01, STR-02, ORG-01 (the kind table
 * of `Organization.parentKinds`) and ORG-05 (merges and dissolutions). ORG-02 … ORG-04 (member
 * counts) are audit findings, never refusals.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type { CalendarDate } from "./Calendar.ts"
import type { Decider } from "./Decider.ts"
import type { OrgId } from "./Ids.ts"
import { withArticle } from "./internal/article.ts"
import * as Organization from "./Organization.ts"
import type * as OrgEvent from "./OrgEvent.ts"
import type { OrgKind } from "./OrgEvent.ts"
import * as RuleViolation from "./RuleViolation.ts"

/**
 * The event type each command emits.
 *
 * @category constants
 * @since 0.1.0
 */
export const eventTypeOf = {
  Found: "OrganizationFounded",
  Rename: "OrganizationRenamed",
  Reparent: "OrganizationReparented",
  ChangeKind: "OrganizationKindChanged",
  Merge: "OrganizationMerged",
  Dissolve: "OrganizationDissolved",
  ElectCommittee: "CommitteeElected",
  SetAdmissionTarget: "AdmissionTargetSet"
} as const satisfies Record<string, OrgEvent.OrgEventType>

/**
 * The name of a command.
 *
 * @category models
 * @since 0.1.0
 */
export type CommandTag = keyof typeof eventTypeOf

/**
 * The command that emits each event type.
 *
 * @category constants
 * @since 0.1.0
 */
export const commandTagOf = {
  OrganizationFounded: "Found",
  OrganizationRenamed: "Rename",
  OrganizationReparented: "Reparent",
  OrganizationKindChanged: "ChangeKind",
  OrganizationMerged: "Merge",
  OrganizationDissolved: "Dissolve",
  CommitteeElected: "ElectCommittee",
  AdmissionTargetSet: "SetAdmissionTarget"
} as const satisfies { readonly [T in OrgEvent.OrgEventType]: CommandTag }

/**
 * A command to an organisation stream: its `data` is the data of the event it emits.
 *
 * @category models
 * @since 0.1.0
 */
export type Command = {
  readonly [K in CommandTag]: {
    readonly _tag: K
    readonly occurredOn: CalendarDate
    readonly data: OrgEvent.Of<(typeof eventTypeOf)[K]>["data"]
  }
}[CommandTag]

/**
 * The command of a given name.
 *
 * @category models
 * @since 0.1.0
 */
export type CommandOf<K extends CommandTag> = Extract<Command, { readonly _tag: K }>

/**
 * The event a command would emit.
 *
 * @category conversions
 * @since 0.1.0
 */
export const toEvent = (command: Command): OrgEvent.OrgEvent =>
  ({ type: eventTypeOf[command._tag], occurredOn: command.occurredOn, data: command.data }) as OrgEvent.OrgEvent

/**
 * The command that would emit an event.
 *
 * @category conversions
 * @since 0.1.0
 */
export const fromEvent = (event: OrgEvent.OrgEvent): Command =>
  ({ _tag: commandTagOf[event.type], occurredOn: event.occurredOn, data: event.data }) as Command

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

const vi = (d: CalendarDate): string => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`

const violation = RuleViolation.make

/** Follows merges from `id` to the organisation that holds its place on `date`. */
const effective = (
  context: Organization.OrgContext,
  id: OrgId,
  date: CalendarDate
): { readonly id: OrgId; readonly info: Organization.OrgInfo } | undefined => {
  let current = id
  for (let i = 0; i < 64; i++) {
    const info = context.orgOn(current, date)
    if (info === undefined) return undefined
    if (info.live || info.mergedInto === undefined) return { id: current, info }
    current = info.mergedInto
  }
  return undefined
}

/** ORG-01: `parentId` must be a live organisation that may hold a `kind`, and not `self` or below it. */
const checkParent = (
  context: Organization.OrgContext,
  self: OrgId | undefined,
  kind: OrgKind,
  parentId: OrgId | null,
  date: CalendarDate,
  field: string
): RuleViolation.RuleViolation | undefined => {
  const label = Organization.labelVi(kind)
  if (parentId === null) {
    return kind === "province" ? undefined : violation(
      "ORG-01",
      field,
      `${withArticle(kind)} needs a parent (one of ${Organization.parentKinds[kind].join(", ")})`,
      `${label} phải có cấp trên trực tiếp`
    )
  }
  if (kind === "province") {
    return violation(
      "ORG-01",
      field,
      "a province has no parent",
      "Đảng bộ tỉnh, thành phố không có cấp trên trực tiếp trong hệ thống"
    )
  }
  if (parentId === self) {
    return violation(
      "ORG-01",
      field,
      "an organisation cannot be its own parent",
      "Tổ chức đảng không thể trực thuộc chính nó"
    )
  }
  const parent = context.orgOn(parentId, date)
  if (parent === undefined || !parent.live) {
    const why = parent?.mergedInto !== undefined ? `; it was merged into ${parent.mergedInto}` : ""
    return violation(
      "ORG-01",
      field,
      `parent ${parentId} does not exist on ${date}${why}`,
      `Tổ chức cấp trên ${parentId} không tồn tại vào ngày ${vi(date)}${
        why === "" ? "" : `; đã sáp nhập vào ${parent?.mergedInto}`
      }`
    )
  }
  if (self !== undefined && parent.ancestors.includes(self)) {
    return violation(
      "ORG-01",
      field,
      `parent ${parentId} is below this organisation: that would make a cycle`,
      `Tổ chức cấp trên ${parentId} là tổ chức cấp dưới của chính tổ chức này`
    )
  }
  if (!Organization.canParent(parent.kind, kind)) {
    return violation(
      "ORG-01",
      field,
      `${withArticle(parent.kind)} cannot be the parent of ${withArticle(kind)} (allowed: ${
        Organization.parentKinds[kind].join(", ")
      })`,
      `${Organization.labelVi(parent.kind)} không thể là cấp trên trực tiếp của ${label.toLowerCase()}`
    )
  }
  return undefined
}

const checkKindChange = (
  state: Organization.Founded,
  self: OrgId | undefined,
  kind: OrgKind,
  date: CalendarDate,
  context: Organization.OrgContext
): RuleViolation.RuleViolation | undefined => {
  if (kind === state.kind) return undefined
  if ((kind === "province") !== (state.kind === "province")) {
    return violation(
      "ORG-01",
      "data.kind",
      `${withArticle(state.kind)} cannot become ${withArticle(kind)}: a province and only a province has no parent`,
      `Không thể chuyển ${Organization.labelVi(state.kind).toLowerCase()} thành ${
        Organization.labelVi(kind).toLowerCase()
      }`
    )
  }
  if (state.parentId !== null) {
    const parent = effective(context, state.parentId, date)
    if (parent !== undefined && !Organization.canParent(parent.info.kind, kind)) {
      return violation(
        "ORG-01",
        "data.kind",
        `its parent ${parent.id} (${parent.info.kind}) cannot hold ${withArticle(kind)}`,
        `Cấp trên trực tiếp ${parent.id} (${Organization.labelVi(parent.info.kind).toLowerCase()}) không thể có ${
          Organization.labelVi(kind).toLowerCase()
        } trực thuộc`
      )
    }
  }
  if (self !== undefined && context.liveChildrenOn !== undefined) {
    for (const child of context.liveChildrenOn(self, date)) {
      const info = context.orgOn(child, date)
      if (info !== undefined && !Organization.canParent(kind, info.kind)) {
        return violation(
          "ORG-01",
          "data.kind",
          `${withArticle(kind)} cannot hold its child ${child} (${info.kind}); move or merge it first`,
          `${Organization.labelVi(kind)} không thể có ${
            Organization.labelVi(info.kind).toLowerCase()
          } ${child} trực thuộc; cần điều chuyển trước`
        )
      }
    }
  }
  return undefined
}

/** Merge compatibility: members go to a branch-level unit, children to a unit that may hold every child kind. */
const mayMergeInto = (from: OrgKind, into: OrgKind): boolean =>
  Organization.isBranchLevel(from)
    ? Organization.isBranchLevel(into)
    : from === into || Organization.childKinds(from).every((k) => Organization.canParent(into, k))

const checkMerge = (
  state: Organization.Founded,
  self: OrgId | undefined,
  into: OrgId,
  date: CalendarDate,
  context: Organization.OrgContext
): RuleViolation.RuleViolation | undefined => {
  const field = "data.intoOrgId"
  if (into === self) {
    return violation(
      "ORG-05",
      field,
      "an organisation cannot be merged into itself",
      "Không thể sáp nhập tổ chức đảng vào chính nó"
    )
  }
  const target = context.orgOn(into, date)
  if (target === undefined || !target.live) {
    return violation(
      "ORG-05",
      field,
      `${into} does not exist on ${date}`,
      `Tổ chức ${into} không tồn tại vào ngày ${vi(date)}`
    )
  }
  if (self !== undefined && target.ancestors.includes(self)) {
    return violation(
      "ORG-05",
      field,
      `${into} is below this organisation`,
      `Tổ chức ${into} là cấp dưới của tổ chức bị sáp nhập`
    )
  }
  if (!mayMergeInto(state.kind, target.kind)) {
    return violation(
      "ORG-05",
      field,
      `${withArticle(state.kind)} cannot be merged into ${
        withArticle(target.kind)
      }: it could not hold its members or children`,
      `Không thể sáp nhập ${Organization.labelVi(state.kind).toLowerCase()} vào ${
        Organization.labelVi(target.kind).toLowerCase()
      }`
    )
  }
  return undefined
}

const checkDissolve = (
  self: OrgId | undefined,
  membersMovedTo: OrgId | undefined,
  date: CalendarDate,
  context: Organization.OrgContext
): RuleViolation.RuleViolation | undefined => {
  const field = "data.membersMovedTo"
  if (membersMovedTo !== undefined) {
    const target = membersMovedTo === self ? undefined : context.orgOn(membersMovedTo, date)
    if (target === undefined || !target.live || !Organization.isBranchLevel(target.kind)) {
      return violation(
        "ORG-05",
        field,
        `members can only be moved to another live branch-level unit (cell or grassrootsCell) on ${date}`,
        `Đảng viên chỉ có thể chuyển đến một chi bộ khác đang tồn tại vào ngày ${vi(date)}`
      )
    }
  } else if (self !== undefined && context.memberCountOn !== undefined) {
    const n = context.memberCountOn(self, date)
    if (n > 0) {
      return violation(
        "ORG-05",
        field,
        `the organisation still has ${n} member(s) on ${date}: name where they go`,
        `Tổ chức còn ${n} đảng viên vào ngày ${vi(date)}: phải nêu nơi chuyển đến`
      )
    }
  }
  const children = self !== undefined && context.liveChildrenOn !== undefined ? context.liveChildrenOn(self, date) : []
  if (children.length > 0) {
    return violation(
      "ORG-05",
      "type",
      `the organisation still has live children on ${date} (${children.join(", ")}); re-parent or merge them first`,
      `Tổ chức còn ${children.length} tổ chức trực thuộc vào ngày ${
        vi(date)
      }; cần điều chuyển hoặc sáp nhập trước khi giải thể`
    )
  }
  return undefined
}

const checkElectCommittee = (state: Organization.Founded): RuleViolation.RuleViolation | undefined =>
  Organization.isBranchLevel(state.kind) || state.kind === "grassrootsCommittee" ? undefined : violation(
    "ORG-01",
    "type",
    `${withArticle(state.kind)} does not elect a chi ủy or a secretary`,
    `${Organization.labelVi(state.kind)} không bầu chi ủy hoặc bí thư chi bộ`
  )

/**
 * Checks an event against the state of its stream and the context, as if it were a command: the
 * first rule it breaks, or `undefined`. Bulk import uses it on events that already have a type.
 *
 * @category deciding
 * @since 0.1.0
 */
export const check = (
  event: OrgEvent.OrgEvent,
  state: Organization.State,
  context: Organization.OrgContext
): RuleViolation.RuleViolation | undefined => {
  const self = state.id ?? context.self
  const date = event.occurredOn
  if (!state.founded) {
    if (event.type !== "OrganizationFounded") {
      return violation(
        "STR-01",
        "type",
        `the stream must start with OrganizationFounded, not ${event.type}`,
        "Luồng sự kiện của tổ chức đảng phải bắt đầu bằng sự kiện thành lập"
      )
    }
    return checkParent(context, self, event.data.kind, event.data.parentId, date, "data.parentId")
  }
  if (event.type === "OrganizationFounded") {
    return violation(
      "STR-01",
      "type",
      `the organisation was already founded on ${state.foundedOn}`,
      `Tổ chức đảng đã được thành lập ngày ${vi(state.foundedOn)}; không thể thành lập lại`
    )
  }
  const end = Organization.endedOn(state)
  if (end !== undefined) {
    const how = state.mergedInto !== undefined ? `merged into ${state.mergedInto}` : "dissolved"
    const howVi = state.mergedInto !== undefined ? `đã sáp nhập vào ${state.mergedInto}` : "đã giải thể"
    return violation(
      "ORG-05",
      "type",
      `the organisation was ${how} on ${end}; it accepts no further events`,
      `Tổ chức đảng ${howVi} ngày ${vi(end)}; không ghi nhận thêm sự kiện`
    )
  }
  if (date < state.lastOccurredOn) {
    return violation(
      "STR-02",
      "occurredOn",
      `${date} is before the latest event of the stream (${state.lastOccurredOn})`,
      `Ngày ${vi(date)} trước sự kiện gần nhất của luồng (${
        vi(state.lastOccurredOn)
      }); sự kiện phải theo thứ tự thời gian`
    )
  }
  switch (event.type) {
    case "OrganizationRenamed":
    case "AdmissionTargetSet":
      return undefined
    case "OrganizationReparented":
      return checkParent(context, self, state.kind, event.data.parentId, date, "data.parentId")
    case "OrganizationKindChanged":
      return checkKindChange(state, self, event.data.kind, date, context)
    case "OrganizationMerged":
      return checkMerge(state, self, event.data.intoOrgId, date, context)
    case "OrganizationDissolved":
      return checkDissolve(self, event.data.membersMovedTo, date, context)
    case "CommitteeElected":
      return checkElectCommittee(state)
  }
}

/**
 * Decides a command: the one event it emits, or the rule it breaks.
 *
 * @category deciding
 * @since 0.1.0
 */
export const decide = (
  command: Command,
  state: Organization.State,
  context: Organization.OrgContext
): Result.Result<ReadonlyArray<OrgEvent.OrgEvent>, RuleViolation.RuleViolation> => {
  const event = toEvent(command)
  const refusal = check(event, state, context)
  return refusal === undefined ? Result.succeed([event]) : Result.fail(refusal)
}

/**
 * The organisation decider (Emmett's `{ initialState, evolve, decide }`).
 *
 * @category deciders
 * @since 0.1.0
 */
export const decider: Decider<Command, OrgEvent.OrgEvent, Organization.State, Organization.OrgContext> = {
  initialState: Organization.initialState,
  evolve: Organization.evolve,
  decide
}
