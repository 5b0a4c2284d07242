/**
 * Generates the event catalog `docs/events.md` and the JSON Schema `docs/schema/envelope.schema.json`
 * from the schemas in `src/` (`Envelope`, `MemberEvent`, `OrgEvent`, `Person`). Field names, types,
 * optionality and constraints come from the schema AST; only the prose (notes per type and field)
 * is hand-written, in the tables below, and every note must name a type or field that exists.
 *
 * The output is deterministic: the same code gives the same bytes.
 *
 *   node packages/core/scripts/generate-docs.ts           # write the files
 *   node packages/core/scripts/generate-docs.ts --check   # exit 1 if the files on disk differ
 *
 * `--root=DIR` writes or checks under another directory instead of this repository.
 */
import { Result, SchemaAST } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as Envelope from "../src/Envelope.ts"
import * as MemberEvent from "../src/MemberEvent.ts"
import * as OrgEvent from "../src/OrgEvent.ts"

// ---------------------------------------------------------------------------
// Hand-written prose (the only part of docs/events.md not derived from the schemas)
// ---------------------------------------------------------------------------

/** Notes per event type, from the "notes" column of the normative catalog. */
const typeNotes: { readonly [T in MemberEvent.MemberEventType | OrgEvent.OrgEventType]: string } = {
  CandidateRegistered:
    "First event of a person who enters as a candidate (quần chúng ưu tú in the source list, danh sách tạo nguồn). Starts a member stream (STR-01).",
  AwarenessCourseCompleted: "Lớp bồi dưỡng nhận thức về Đảng. The certificate is valid 60 months (ADM-03).",
  SponsorsAssigned:
    "Người giới thiệu (ADM-04, ADM-05): two official members, or the Youth Union (applicant ≤ 30) or the Trade Union committee plus one official member.",
  BranchResolutionPassed:
    "Nghị quyết của chi bộ: `votesFor` must reach 2/3 of **all** official members of the branch (ADM-06). `purpose: recognition` is the vote on official recognition after probation (PRB-02).",
  AdmissionDecided:
    "Quyết định kết nạp: the person becomes a probationary member; party age starts at the first admission (ADM-08, AGE-01). A readmission (kết nạp lại) follows RDM-01 … RDM-05.",
  AdmissionCeremonyHeld:
    "Lễ kết nạp: probation starts (PRB-01); ≤ 30 working days after the decision unless the superior committee consents (ADM-09).",
  OfficialRecognized:
    "Công nhận đảng viên chính thức: `occurredOn` must equal ceremony + 12 months (PRB-03); the decision's real date goes in `recordedAt`. The one event exempt from date order within a stream (STR-02).",
  MemberImported:
    "A member whose earlier history is not in this store: the opening roster (`openingBalance`), or an arrival from outside the dataset (`transferIn`, counted as a transfer in). Starts a member stream (STR-01).",
  TransferredOut:
    "Chuyển sinh hoạt đảng đi: the member leaves the sending organisation's headcount on `occurredOn` (the letter date) and is in transit (TRF-03).",
  TransferredIn: "Tiếp nhận sinh hoạt đảng: arrival at the receiving organisation (TRF-02, TRF-03).",
  TemporaryTransferStarted: "Sinh hoạt đảng tạm thời: the home organisation and its headcount are unchanged (TRF-04).",
  TemporaryTransferEnded: "The end of a temporary transfer (TRF-04).",
  ResidenceContactRegistered:
    "Đảng viên đang công tác giữ mối liên hệ với chi ủy nơi cư trú, Quy định 213-QĐ/TW (TRF-05).",
  ActivityExempted:
    "Miễn công tác và sinh hoạt đảng. An exempted member is not rated (RAT-02) and stays eligible for badges (BDG-07).",
  ActivityExemptionEnded: "The end of an exemption from work and activity.",
  QualityRated:
    "Đánh giá, xếp loại chất lượng (RAT-01): one per member and period; a second one for the same period is a correction that supersedes (RAT-05).",
  NotRated: "Không đánh giá, xếp loại, with the reason (RAT-02).",
  Disciplined: "Kỷ luật (DSC-01 … DSC-03): `expulsion` is also an exit (khai trừ, EXT-03).",
  DisciplineAnnulled:
    "QĐ 117-QĐ/TW: the discipline is treated as if it never happened; an annulled expulsion restores membership and continuous party age (AGE-04).",
  CardIssued: "Phát thẻ đảng viên: official members only (CRD-01, PRB-06).",
  CardReissued: "Cấp lại thẻ đảng viên on loss or damage; the old number is void (CRD-03).",
  BadgeAwarded: "Trao tặng / truy tặng Huy hiệu Đảng: `occurredOn` is the award date (BDG-01 … BDG-07).",
  StruckOff: "Xóa tên trong danh sách đảng viên (EXT-01): an exit, not a discipline.",
  AllowedToLeave: "Cho ra khỏi Đảng, on the member's own request (EXT-02).",
  Died: "Từ trần; accepted at any stage, once (EXT-04, EXT-06).",
  PersonCorrected: "A correction of personal data: `person` holds only the corrected fields.",
  EventRetracted:
    "A wrongly entered event is neutralised from `recordedAt` on; history keeps both (STR-03). A retraction is never itself retracted.",
  OrganizationFounded: "Thành lập tổ chức đảng (ORG-01). Starts an organisation stream (STR-01).",
  OrganizationRenamed: "Đổi tên tổ chức đảng.",
  OrganizationReparented: "Restructuring, e.g. the abolition of the district level on 01/07/2025 (ORG-01, ORG-05).",
  OrganizationKindChanged: "E.g. a chi bộ cơ sở becomes a đảng bộ cơ sở (ORG-01, ORG-03).",
  OrganizationMerged:
    "Sáp nhập: every member and child moves to `intoOrgId` on `occurredOn`; not a transfer flow (ORG-05).",
  OrganizationDissolved: "Giải thể: the organisation must be empty unless its members are moved (ORG-05).",
  CommitteeElected: "A chi ủy or a lone secretary (bí thư), for ORG-04 audits.",
  AdmissionTargetSet: "The plan (chỉ tiêu kết nạp đảng viên) for admissions in that year."
}

/**
 * Notes per field, keyed `Owner.path` where the owner is an event type, `Envelope` or a shared type
 * (`Person`, `Sponsor{member}` for one variant of a union).
 */
const fieldNotes: Readonly<Record<string, string>> = {
  "Envelope.id":
    "ULID of the event; globally unique; **the idempotency key** (re-importing the same line is a no-op, never a duplicate)",
  "Envelope.stream": "`member-<ULID>` or `org-<ULID>`; one stream per person, one per party organisation",
  "Envelope.type":
    "one of the types below; a member type only on a member stream, an organisation type only on an organisation stream (EVT-03)",
  "Envelope.schemaVersion": "old versions are upcast on read; a version newer than this library is refused (EVT-05)",
  "Envelope.occurredOn": "legal effective date (of the decision, ceremony, death…); every rule uses it (CAL-01)",
  "Envelope.recordedAt":
    "when the fact was entered; defaults to import time; never before the start (UTC+7) of the `occurredOn` day (CAL-01)",
  "Envelope.data": "the payload of the type, below",
  "Envelope.meta": "who entered the fact and why",
  "Envelope.streamVersion": "written on export: 1-based position in its stream; import does not use it",
  "Envelope.position": "written on export: global order in the store; import does not use it",
  "Meta.note": "free text",
  "Person.ethnicity":
    "dân tộc; absent means `Kinh`, written exactly so (`kinh` is refused: every other group counts as a minority); no spaces around",
  "Person.religion":
    "tôn giáo, or `null` for none (`Không`, `none` and an empty string are refused: they would count as a religion)",
  "Person.education": "trình độ giáo dục phổ thông",
  "Person.professional": "trình độ chuyên môn",
  "Person.politicalTheory": "trình độ lý luận chính trị",
  "Sponsor{member}.memberId": "an official member on the date of introduction (ADM-05)",
  "Sponsor{member}.knownSince":
    "since when the sponsor has worked, studied or lived with the applicant in the same grassroots organisation (ADM-05); absent, `Import.run` (and a service using `SponsorTenure`) counts from the sponsor's arrival in the applicant's grassroots organisation (the opening roster: before the records)",
  "CandidateRegistered.orgId": "the branch (chi bộ): a `cell` or `grassrootsCell` (ORG-01)",
  "CandidateRegistered.sourceGroup": "e.g. `youthUnion`, `teacher`, `militaryRecruit`, `villageHead`",
  "SponsorsAssigned.replacement":
    "the sponsor replaces one who transferred, was disciplined or died: exempt from the 12 months (ADM-05)",
  "BranchResolutionPassed.officialMembers": "all official members of the branch, not those present",
  "AdmissionDecided.decidedBy": "the committee that decides",
  "AdmissionDecided.over60Consent": "ADM-01",
  "AdmissionDecided.provincialConsent": "RDM-04",
  "AdmissionDecided.educationException": "ADM-02",
  "AdmissionDecided.religiousApproval": "ADM-11",
  "AdmissionDecided.convictionExpungedOn": "RDM-01: when a less-serious conviction was expunged",
  "AdmissionCeremonyHeld.superiorConsent": "ADM-09: a ceremony later than 30 working days after the decision",
  "MemberImported.officialOn": "ceremony + 12 months when `status` is `official` (PRB-03)",
  "MemberImported.firstAdmissionDecidedOn": "for a readmitted member (AGE-03); defaults to `admissionDecidedOn`",
  "MemberImported.partyAgeGaps": "intervals outside the Party (AGE-02)",
  "MemberImported.partyAgeGaps[].from": "the first day outside the Party (the day of the exit)",
  "MemberImported.partyAgeGaps[].to": "the day party age counts again (the readmission decision): not a day outside",
  "MemberImported.badges": "milestones already held",
  "MemberImported.cardNo": "`NN.NNNNNN` (CRD-02)",
  "TransferredOut.toOrgId": "an organisation of this dataset, or absent",
  "TransferredOut.destination": "free text",
  "TransferredIn.lateReason": "required when the letter is presented after 30 working days (TRF-02)",
  "TemporaryTransferStarted.purpose": "full-time `study` may last up to 2 years (TRF-04)",
  "Disciplined.violationOn": "for the statute of limitations (DSC-02)",
  "Disciplined.grounds": "what matters for a later readmission (RDM-01, RDM-02)",
  "DisciplineAnnulled.disciplineEventId": "a `Disciplined` event of the same stream (STR-03)",
  "CardIssued.cardNo": "`NN.NNNNNN`, checked by the decider (CRD-02)",
  "CardReissued.cardNo": "`NN.NNNNNN`, a new number (CRD-02, CRD-03)",
  "BadgeAwarded.occasion": "3/2, 19/5, 2/9, 7/11 as `MM-DD`, or `other` (BDG-02)",
  "BadgeAwarded.posthumous": "truy tặng (BDG-04)",
  "BadgeAwarded.early": "tặng sớm (BDG-03, BDG-04)",
  "AllowedToLeave.specialFamilyHardship": "allows a later readmission (RDM-02)",
  "EventRetracted.eventId": "an event of the same stream, not already neutralised (STR-03)",
  "OrganizationFounded.parentId": "`null` only for a `province`",
  "OrganizationDissolved.membersMovedTo": "a live branch-level unit"
}

/** What each named scalar type means. */
const scalarNotes: Readonly<Record<string, string>> = {
  EventId: "an event's identifier: a ULID",
  MemberId: "a person's identifier: a ULID",
  OrgId: "a party organisation's identifier: a ULID",
  StreamName: "`member-<MemberId>` or `org-<OrgId>`",
  Instant: "an ISO-8601 instant with a `Z` or `±hh:mm` offset, e.g. `2021-03-16T08:00:00.000Z`",
  CalendarDate: "a calendar date `YYYY-MM-DD` (ngày); lexicographic order is chronological order",
  Period: "a rating period: a year `YYYY` or a half-year `YYYY-H1` / `YYYY-H2` (RAT-01)"
}

/** The example line of the envelope section; it must decode. */
const exampleLine = JSON.stringify({
  id: "01JD3Q8Y7W3K6T9V2N4B5C6D7E",
  stream: "member-01JD3Q8Y7W0000000000000001",
  type: "AdmissionDecided",
  schemaVersion: 1,
  occurredOn: "2021-03-15",
  recordedAt: "2021-03-16T08:00:00.000Z",
  data: { decisionNo: "123-QĐ/ĐU", decidedBy: "01JD3Q8Y7W0000000000000A01", kind: "first" },
  meta: { actor: "import", correlationId: "01JD3Q8Y7W0000000000000C01" }
})

// ---------------------------------------------------------------------------
// Reading the schema AST
// ---------------------------------------------------------------------------

type Annotations = Readonly<Record<string, unknown>>

const annotationsOf = (x: { readonly annotations?: unknown }): Annotations => (x.annotations ?? {}) as Annotations

/** The checks of a node, groups flattened. */
const checksOf = (ast: SchemaAST.AST): ReadonlyArray<SchemaAST.Filter<unknown>> => {
  const out: Array<SchemaAST.Filter<unknown>> = []
  const go = (c: SchemaAST.Check<unknown>) => {
    if (c._tag === "Filter") out.push(c)
    else c.checks.forEach(go)
  }
  ast.checks?.forEach(go)
  return out
}

/** The title of a node: on its last titled check (`.check(...).annotate(...)`) or on the node. */
export const titleOf = (ast: SchemaAST.AST): string | undefined => {
  const checks = checksOf(ast)
  for (let i = checks.length - 1; i >= 0; i--) {
    const title = annotationsOf(checks[i]!)["title"]
    if (typeof title === "string") return title
  }
  const title = annotationsOf(ast)["title"]
  return typeof title === "string" ? title : undefined
}

const representationOf = (
  c: SchemaAST.Filter<unknown>
): { readonly id: string; readonly payload: Annotations } | undefined => {
  const r = annotationsOf(c)["representation"] as { readonly id?: unknown; readonly payload?: unknown } | undefined
  return r !== undefined && typeof r.id === "string"
    ? { id: r.id, payload: (r.payload ?? {}) as Annotations }
    : undefined
}

const isInt = (ast: SchemaAST.AST): boolean =>
  checksOf(ast).some((c) => representationOf(c)?.id === "effect/schema/isInt")

/** A property of an object node. */
export interface Field {
  readonly name: string
  readonly optional: boolean
  readonly type: SchemaAST.AST
}

/** The properties of an object node, in declaration order. */
export const fieldsOf = (ast: SchemaAST.AST): ReadonlyArray<Field> =>
  ast._tag === "Objects"
    ? ast.propertySignatures.map((ps) => ({
      name: String(ps.name),
      optional: SchemaAST.isOptional(ps.type),
      type: ps.type
    }))
    : []

const fieldOf = (ast: SchemaAST.AST, name: string): Field => {
  const f = fieldsOf(ast).find((x) => x.name === name)
  if (f === undefined) throw new Error(`no field ${name}`)
  return f
}

/** Is this a union of object variants told apart by a literal `kind`? */
const variantsOf = (
  ast: SchemaAST.AST
): ReadonlyArray<{ readonly tag: string; readonly ast: SchemaAST.AST }> | undefined => {
  if (ast._tag !== "Union" || !ast.types.every((t) => t._tag === "Objects")) return undefined
  return ast.types.map((t) => {
    const kind = fieldsOf(t).find((f) => f.name === "kind")?.type
    if (kind?._tag !== "Literal") throw new Error("a union of objects must be told apart by a literal kind")
    return { tag: String(kind.literal), ast: t }
  })
}

const namedObjects = new Set<string>()

/** The TypeScript-like rendering of a type: `"male" | "female"`, `Array<Sponsor>`, `OrgId | null`. */
export const renderType = (ast: SchemaAST.AST): string => {
  const title = titleOf(ast)
  if (title !== undefined) return title
  switch (ast._tag) {
    case "String":
      return "string"
    case "Number":
      return isInt(ast) ? "integer" : "number"
    case "Boolean":
      return "boolean"
    case "Null":
      return "null"
    case "Literal":
      return JSON.stringify(ast.literal)
    case "Union":
      return ast.types.map(renderType).join(" | ")
    case "Arrays":
      if (ast.elements.length === 0 && ast.rest.length === 1) return `Array<${renderType(ast.rest[0]!)}>`
      throw new Error("tuples are not rendered")
    case "Objects":
      return "object"
    default:
      throw new Error(`cannot render a ${ast._tag}`)
  }
}

/** Constraints of checks that are not part of a named type, e.g. `≥ 0`, `non-empty`. */
export const renderConstraints = (ast: SchemaAST.AST): string => {
  if (titleOf(ast) !== undefined) return ""
  if (ast._tag === "Union") return ast.types.map(renderConstraints).filter((s) => s !== "").join("; ")
  return checksOf(ast).flatMap((c) => {
    const r = representationOf(c)
    switch (r?.id) {
      case "effect/schema/isInt":
        return []
      case "effect/schema/isGreaterThanOrEqualTo":
        return [`≥ ${String(r.payload["minimum"])}`]
      case "effect/schema/isBetween":
        return [`${String(r.payload["minimum"])} … ${String(r.payload["maximum"])}`]
      case "effect/schema/isMinLength":
        return [r.payload["minLength"] === 1 ? "non-empty" : `length ≥ ${String(r.payload["minLength"])}`]
      case "effect/schema/isPattern":
        return [`\`${String(r.payload["source"])}\``]
      default: {
        const expected = annotationsOf(c)["expected"]
        return typeof expected === "string" ? [expected] : []
      }
    }
  }).join("; ")
}

// ---------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------

const cell = (s: string): string => s.replaceAll("|", "\\|")
const code = (s: string): string => `\`${s}\``
const anchor = (title: string): string => title.toLowerCase().replace(/[^a-z0-9_-]/gu, "")

const usedNotes = new Set<string>()
const noteOf = (key: string): string => {
  const note = fieldNotes[key]
  if (note === undefined) return ""
  usedNotes.add(key)
  return note
}

/** The type cell: named object types link to their section, the rest is code. */
const typeCell = (ast: SchemaAST.AST): string => {
  const rendered = renderType(ast)
  const named = /^(?:Array<)?([A-Za-z]+)>?$/u.exec(rendered)?.[1]
  if (named !== undefined && namedObjects.has(named)) {
    return `[${code(rendered)}](#${anchor(named)})`
  }
  return cell(code(rendered))
}

/** The rows of a field table; untitled nested objects are expanded as `parent.child` rows. */
const fieldRows = (owner: string, ast: SchemaAST.AST, prefix = ""): ReadonlyArray<string> =>
  fieldsOf(ast).flatMap((f) => {
    const p = `${prefix}${f.name}`
    const row = `| ${code(p)} | ${typeCell(f.type)} | ${f.optional ? "optional" : "required"} | ${
      cell(renderConstraints(f.type))
    } | ${noteOf(`${owner}.${p}`)} |`
    const inner = f.type._tag === "Arrays" && f.type.rest.length === 1
      ? { ast: f.type.rest[0]!, suffix: "[]" }
      : { ast: f.type, suffix: "" }
    const nested = inner.ast._tag === "Objects" && titleOf(inner.ast) === undefined
      ? fieldRows(owner, inner.ast, `${p}${inner.suffix}.`)
      : []
    return [row, ...nested]
  })

const fieldTable = (owner: string, ast: SchemaAST.AST): string =>
  fieldsOf(ast).length === 0
    ? "No fields: `data` is `{}`."
    : [
      "| field | type | required | constraints | notes |",
      "|---|---|---|---|---|",
      ...fieldRows(owner, ast)
    ].join("\n")

const variantTable = (
  owner: string,
  variants: ReadonlyArray<{ readonly tag: string; readonly ast: SchemaAST.AST }>
): string =>
  [
    "| variant | field | type | required | constraints | notes |",
    "|---|---|---|---|---|---|",
    ...variants.flatMap((v) =>
      fieldsOf(v.ast).map((f) =>
        `| ${code(v.tag)} | ${code(f.name)} | ${typeCell(f.type)} | ${f.optional ? "optional" : "required"} | ${
          cell(renderConstraints(f.type))
        } | ${noteOf(`${owner}{${v.tag}}.${f.name}`)} |`
      )
    )
  ].join("\n")

/** Every named (titled) node reachable from `ast`, in first-seen order; event structs excluded. */
const collectNamed = (ast: SchemaAST.AST, out: Map<string, SchemaAST.AST>, isEvent = false): void => {
  const title = titleOf(ast)
  if (title !== undefined && !isEvent) {
    const seen = out.get(title)
    if (seen !== undefined) {
      if (seen !== ast && renderShape(seen) !== renderShape(ast)) {
        throw new Error(`two different types are titled ${title}`)
      }
      return
    }
    out.set(title, ast)
  }
  switch (ast._tag) {
    case "Objects":
      ast.propertySignatures.forEach((ps) => collectNamed(ps.type, out))
      return
    case "Union":
      ast.types.forEach((t) => collectNamed(t, out))
      return
    case "Arrays":
      ast.rest.forEach((t) => collectNamed(t, out))
      return
    default:
      return
  }
}

/** A structural fingerprint, to tell two nodes with the same title apart. */
const renderShape = (ast: SchemaAST.AST): string =>
  ast._tag === "Objects"
    ? fieldsOf(ast).map((f) => `${f.name}${f.optional ? "?" : ""}:${renderShape(f.type)}`).join(",")
    : ast._tag === "Union"
    ? ast.types.map(renderShape).join("|")
    : `${ast._tag}:${checksOf(ast).map((c) => JSON.stringify(representationOf(c) ?? null)).join(",")}`

const dataOf = (event: SchemaAST.AST): SchemaAST.AST => fieldOf(event, "data").type

const scalarRow = (title: string, ast: SchemaAST.AST): string => {
  const note = scalarNotes[title]
  if (note === undefined) throw new Error(`scalarNotes has no entry for ${title}`)
  const checks = checksOf(ast).flatMap((c) => {
    const r = representationOf(c)
    if (r?.id === "effect/schema/isPattern") return [code(String(r.payload["source"]))]
    const expected = annotationsOf(c)["expected"]
    return typeof expected === "string" ? [expected] : []
  })
  return `| ${code(title)} | ${code(renderTypeUntitled(ast))} | ${cell(checks.join("; "))} | ${note} |`
}

const renderTypeUntitled = (ast: SchemaAST.AST): string => (ast._tag === "String" ? "string" : ast._tag.toLowerCase())

// ---------------------------------------------------------------------------
// The documents
// ---------------------------------------------------------------------------

const memberTypes = Object.keys(MemberEvent.schemas) as ReadonlyArray<MemberEvent.MemberEventType>
const orgTypes = Object.keys(OrgEvent.schemas) as ReadonlyArray<OrgEvent.OrgEventType>

/** The catalog, `docs/events.md`. */
export const renderEventsMd = (): string => {
  usedNotes.clear()
  namedObjects.clear()
  const envelopeAst = Envelope.Envelope.ast
  if (envelopeAst._tag !== "Union") throw new Error("Envelope is a union")
  const branches = envelopeAst.types
  const eventAsts = [
    ...memberTypes.map((t) => MemberEvent.schemas[t].ast),
    ...orgTypes.map((t) => OrgEvent.schemas[t].ast)
  ]
  if (branches.length !== eventAsts.length) throw new Error("Envelope has one branch per event type")

  // Named types, in first-seen order (the envelope first).
  const named = new Map<string, SchemaAST.AST>()
  collectNamed(branches[0]!, named, true)
  eventAsts.forEach((e) => collectNamed(e, named, true))
  const scalars = [...named].filter(([, a]) => a._tag !== "Objects" && variantsOf(a) === undefined)
  const objects = [...named].filter(([, a]) => a._tag === "Objects" || variantsOf(a) !== undefined)
  objects.forEach(([t]) => namedObjects.add(t))

  // The envelope fields: the header of the first branch, in the canonical line order.
  const canonical: ReadonlyArray<string> = Envelope.fieldOrder
  const header = fieldsOf(branches[0]!)
  if (header.length !== canonical.length || !header.every((f) => canonical.includes(f.name))) {
    throw new Error(`the envelope fields changed: ${header.map((f) => f.name).join(", ")}; update the canonical order`)
  }
  const envelopeRows = canonical.map((name) => {
    const f = header.find((x) => x.name === name)!
    const type = name === "type" ? code("string") : name === "data" ? code("object") : typeCell(f.type)
    const constraints = name === "type" ? "an event type" : name === "data" ? "" : cell(renderConstraints(f.type))
    const note = noteOf(`Envelope.${name}`)
    if (note === "") throw new Error(`fieldNotes has no entry for Envelope.${name}`)
    return `| ${code(name)} | ${type} | ${f.optional ? "optional" : "required"} | ${constraints} | ${note} |`
  })

  const decoded = Envelope.decodeLine(exampleLine)
  if (Result.isFailure(decoded)) throw new Error(`the example line does not decode: ${decoded.failure.toString()}`)

  const section = (t: string, ast: SchemaAST.AST): string =>
    [`### ${code(t)}`, "", typeNotes[t as keyof typeof typeNotes], "", fieldTable(t, dataOf(ast))].join("\n")

  const objectSection = ([t, ast]: readonly [string, SchemaAST.AST]): string => {
    const variants = variantsOf(ast)
    return [`### ${code(t)}`, "", variants === undefined ? fieldTable(t, ast) : variantTable(t, variants)].join("\n")
  }
  const meta = objects.filter(([t]) => t === "Meta")
  const shared = objects.filter(([t]) => t !== "Meta")

  const doc = [
    "<!-- Generated by packages/core/scripts/generate-docs.ts from the schemas in packages/core/src.",
    "     Do not edit by hand: run `npx -y pnpm@12.21.0 run docs` (check: `npx -y pnpm@12.21.0 run docs --check`). -->",
    "",
    "# The event catalog and the NDJSON interchange format",
    "",
    "This is the project's public data contract: what `import` reads, what `export` writes, what every",
    "storage adapter stores, and what the JSON Schema export ([`schema/envelope.schema.json`](schema/envelope.schema.json))",
    "describes. Field names and type names here are normative; the schemas in",
    "[`MemberEvent.ts`](../packages/core/src/MemberEvent.ts), [`OrgEvent.ts`](../packages/core/src/OrgEvent.ts),",
    "[`Person.ts`](../packages/core/src/Person.ts) and [`Envelope.ts`](../packages/core/src/Envelope.ts) are their",
    "single source of truth in code: this page is generated from them, and",
    "[`Catalog.test.ts`](../packages/core/test/Catalog.test.ts) compares both with the normative catalog.",
    "Later versions may add optional fields; nothing listed may be renamed without a new `schemaVersion` and an",
    "upcaster. A field this catalog does not have is refused, never dropped (EVT-02 in the envelope and `meta`,",
    "EVT-04 in `data`), and the refusal names the field it most likely misspells:",
    "`line 9: EVT-04 data.over60consent: unknown field over60consent of AdmissionDecided (did you mean over60Consent?)`.",
    "A file written with a later version's optional field needs that version of the library.",
    "Every `string` is Unicode text: one that holds a NUL (`\\u0000`) or an unpaired surrogate (`\\ud800`) is",
    "refused with its path (EVT-04; EVT-02 in `meta`): PostgreSQL cannot store it, and an event must store the same",
    "on every adapter.",
    "",
    "## The envelope — one JSON object per line",
    "",
    "```json",
    Envelope.encodeLine(decoded.success),
    "```",
    "",
    `### ${code("Envelope")}`,
    "",
    "| field | type | required | constraints | notes |",
    "|---|---|---|---|---|",
    ...envelopeRows,
    "",
    ...meta.flatMap((m) => [objectSection(m), ""]),
    "Exported lines also carry `streamVersion` (1-based position in its stream) and `position` (global",
    "order in the store). Within one stream, events must be in order of `occurredOn` (ties keep file",
    "order; STR-02). A line that breaks a rule is reported with its line number and the rule ID",
    "(`line 12: EVT-04 data.person.birthDate: 2021-02-30 is not a calendar date`), and nothing from",
    "that import is stored (atomic import). The decoding rules EVT-01 … EVT-05 and CAL-01 are in",
    "[the rule book](rules.md#stream-and-format-rules).",
    "",
    "Personal data lives only in `person` objects (see [`Person`](#person)) so that it can be redacted",
    "or crypto-shredded without touching the rest of history.",
    "",
    "## Scalar types",
    "",
    "Enums are written as unions of their literal values (`\"male\" | \"female\"`).",
    "",
    "| type | JSON | checks | meaning |",
    "|---|---|---|---|",
    ...scalars.map(([t, a]) => scalarRow(t, a)),
    "",
    "## Shared types",
    "",
    ...shared.flatMap((s) => [objectSection(s), ""]),
    "## Member stream (`member-<MemberId>`)",
    "",
    ...memberTypes.flatMap((t) => [section(t, MemberEvent.schemas[t].ast), ""]),
    "## Organisation stream (`org-<OrgId>`)",
    "",
    ...orgTypes.flatMap((t) => [section(t, OrgEvent.schemas[t].ast), ""]),
    "## Streams and time",
    "",
    "- A member stream starts with `CandidateRegistered` or `MemberImported`, an organisation stream",
    "  with `OrganizationFounded`, and only once (STR-01).",
    "- Events of a stream are in `occurredOn` order (STR-02). `OfficialRecognized` is the one exception:",
    "  its date is fixed at ceremony + 12 months (PRB-03) while the decision is recorded later.",
    "- A person is a **party member** on date D when the latest membership-changing event on or before D",
    "  is one of `AdmissionDecided`, `OfficialRecognized`, `MemberImported`, `TransferredIn`, or a",
    "  `TransferredOut` (in transit is still a member, but in no organisation's headcount);",
    "  and not after an exit (`StruckOff`, `AllowedToLeave`, `Disciplined{expulsion}`, `Died`).",
    "- **Knowledge time**: every query accepts `knownAt` (an ISO instant with its offset); events with",
    "  `recordedAt > knownAt` and retractions recorded after it are ignored. This reproduces a report",
    "  exactly as it could have been produced on that day (see [statistics](statistics.md#query)).",
    ""
  ].join("\n")

  const unused = Object.keys(fieldNotes).filter((k) => !usedNotes.has(k))
  if (unused.length > 0) throw new Error(`fieldNotes name fields that do not exist: ${unused.join(", ")}`)
  for (const t of Object.keys(typeNotes)) {
    if (!memberTypes.includes(t as MemberEvent.MemberEventType) && !orgTypes.includes(t as OrgEvent.OrgEventType)) {
      throw new Error(`typeNotes names an unknown type ${t}`)
    }
  }
  for (const t of Object.keys(scalarNotes)) {
    if (!scalars.some(([s]) => s === t)) throw new Error(`scalarNotes names an unknown type ${t}`)
  }
  return doc
}

/** The JSON Schema (draft 2020-12) of the envelope as a standalone document. */
export const envelopeJsonSchema = (): Record<string, unknown> => Envelope.jsonSchema()

/** The lines between `// #region name` and `// #endregion name` of a source file, dedented. */
const region = (file: string, name: string): string => {
  const lines = fs.readFileSync(path.join(root, file), "utf8").split("\n")
  const start = lines.findIndex((l) => l.trim() === `// #region ${name}`)
  const end = lines.findIndex((l, i) => i > start && l.trim() === `// #endregion ${name}`)
  if (start < 0 || end < 0) throw new Error(`no region ${name} in ${file}`)
  const body = lines.slice(start + 1, end)
  const indent = Math.min(...body.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length))
  return body.map((l) => l.slice(indent)).join("\n").trim()
}

/**
 * Markdown pages whose code blocks come from compiled files: each block after
 * `<!-- region path#name -->` is refreshed from that region.
 */
const pagesWithSnippets = (): ReadonlyArray<{ readonly path: string; readonly content: string }> => {
  const candidates = [
    "README.md",
    ...fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md") && f !== "events.md").map((f) =>
      `docs/${f}`
    ),
    ...fs.readdirSync(path.join(root, "packages")).map((p) => `packages/${p}/README.md`)
  ].filter((f) => fs.existsSync(path.join(root, f)))
  return candidates.flatMap((file) => {
    const text = fs.readFileSync(path.join(root, file), "utf8")
    if (!text.includes("<!-- region ")) return []
    const content = text.replace(
      /(<!-- region (\S+)#(\S+) -->\s*```ts\n)[\s\S]*?```/gu,
      (_, open: string, source: string, name: string) => `${open}${region(source, name)}\n\`\`\``
    )
    return [{ path: file, content }]
  })
}

/** Every generated file, by path relative to the repository root. */
export const render = (): ReadonlyArray<{ readonly path: string; readonly content: string }> => [
  { path: "docs/events.md", content: renderEventsMd() },
  { path: "docs/schema/envelope.schema.json", content: `${JSON.stringify(envelopeJsonSchema(), null, 2)}\n` },
  ...pagesWithSnippets()
]

/** The repository root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..")

/** The generated files under `dir` that differ from what this script generates (missing ones included). */
export const stale = (dir: string = root): ReadonlyArray<string> =>
  render().flatMap((f) => {
    const file = path.join(dir, f.path)
    return fs.existsSync(file) && fs.readFileSync(file, "utf8") === f.content ? [] : [f.path]
  })

/** Writes every generated file under `dir`. */
export const write = (dir: string = root): ReadonlyArray<string> =>
  render().map((f) => {
    const file = path.join(dir, f.path)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, f.content)
    return f.path
  })

/** The command line: `[--check] [--root=DIR]` (DIR defaults to this repository). */
const main = (args: ReadonlyArray<string>): number => {
  const dir = args.find((a) => a.startsWith("--root="))?.slice("--root=".length) ?? root
  const unknown = args.filter((a) => a !== "--check" && !a.startsWith("--root="))
  if (unknown.length > 0) {
    console.error(`unknown arguments: ${unknown.join(" ")}\nusage: generate-docs.ts [--check] [--root=DIR]`)
    return 2
  }
  if (args.includes("--check")) {
    const out = stale(dir)
    if (out.length === 0) {
      console.log("docs are up to date")
      return 0
    }
    console.error(`out of date: ${out.join(", ")}\nrun: npx -y pnpm@12.21.0 run docs`)
    return 1
  }
  for (const f of write(dir)) console.log(`wrote ${f}`)
  return 0
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2))
}
