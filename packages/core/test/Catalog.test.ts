/**
 * The event catalog is the public data contract. This test compares three things with a normative
 * catalog transcribed by hand (below) from the project's catalog: the schemas in `src/`, the
 * generated page `docs/events.md` and the JSON Schema `docs/schema/envelope.schema.json`. It also
 * checks that the generated files are in step with the code, and that the rule book
 * `docs/rules.md` marks as refusing exactly the rules the code refuses with.
 */
import { SchemaAST } from "effect"
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import * as Generator from "../scripts/generate-docs.ts"
import * as Envelope from "../src/Envelope.ts"
import * as MemberEvent from "../src/MemberEvent.ts"
import * as OrgEvent from "../src/OrgEvent.ts"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const pkg = fileURLToPath(new URL("../", import.meta.url))
const read = (p: string): string => fs.readFileSync(path.join(root, p), "utf8")

// ---------------------------------------------------------------------------
// The normative catalog, transcribed by hand
// ---------------------------------------------------------------------------

/** A field's type: a type name, an enum (its values), or a type with nested fields or variants. */
type Spec =
  | string
  | ReadonlyArray<string | number>
  | { readonly type: string; readonly fields?: Fields; readonly variants?: Readonly<Record<string, Fields>> }
/** Fields by name; a name ending in `?` is optional. */
type Fields = Readonly<Record<string, Spec>>

const enumKind = (values: ReadonlyArray<unknown>): string =>
  `enum(${values.map((v) => JSON.stringify(v)).sort().join("|")})`

// The catalog's vocabulary: `Date` is a CalendarDate; ids are ULIDs named by what they identify.
const DATE = "CalendarDate"
const MILESTONES = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]
const ORG_KINDS = ["province", "upper", "grassrootsCommittee", "grassrootsCell", "subCommittee", "cell"]

const PERSON: Fields = {
  fullName: "string",
  birthDate: DATE,
  gender: ["male", "female"],
  "ethnicity?": "string", // "(default `Kinh`)": may be absent, and absent means Kinh
  religion: "string | null",
  "education?": ["primary", "lowerSecondary", "upperSecondary"],
  "professional?": ["none", "vocational", "college", "university", "postgraduate"],
  "politicalTheory?": ["none", "elementary", "intermediate", "advanced"],
  "nationalId?": "string"
}
/** `PersonCorrected.person`: "only the corrected fields", so every field is optional. */
const PERSON_PATCH: Fields = Object.fromEntries(
  Object.entries(PERSON).map(([k, v]) => [k.endsWith("?") ? k : `${k}?`, v])
)

const ENVELOPE: Fields = {
  id: "EventId",
  stream: "StreamName",
  type: "string",
  schemaVersion: "integer",
  occurredOn: DATE,
  recordedAt: "Instant",
  data: "object",
  "meta?": {
    type: "Meta",
    fields: {
      "actor?": "string",
      "correlationId?": "string",
      "causationId?": "string",
      "source?": "string",
      "note?": "string"
    }
  },
  // "Exported lines also carry streamVersion … and position …; import ignores both."
  "streamVersion?": "integer",
  "position?": "integer"
}

const MEMBER_EVENTS: Readonly<Record<string, Fields>> = {
  CandidateRegistered: { orgId: "OrgId", person: { type: "Person", fields: PERSON }, "sourceGroup?": "string" },
  AwarenessCourseCompleted: { "certificateNo?": "string" },
  SponsorsAssigned: {
    sponsors: {
      type: "Array<Sponsor>",
      variants: {
        member: { kind: ["member"], memberId: "MemberId" },
        youthUnion: { kind: ["youthUnion"] },
        tradeUnion: { kind: ["tradeUnion"] }
      }
    },
    "replacement?": "boolean"
  },
  BranchResolutionPassed: { purpose: ["admission", "recognition"], officialMembers: "integer", votesFor: "integer" },
  AdmissionDecided: {
    decidedBy: "OrgId",
    "decisionNo?": "string",
    kind: ["first", "readmission"],
    "over60Consent?": "boolean",
    "provincialConsent?": "boolean",
    "educationException?": "boolean",
    "religiousApproval?": "boolean"
  },
  AdmissionCeremonyHeld: { "superiorConsent?": "boolean" },
  OfficialRecognized: { "decisionNo?": "string" },
  MemberImported: {
    orgId: "OrgId",
    person: { type: "Person", fields: PERSON },
    basis: ["openingBalance", "transferIn"],
    status: ["probationary", "official"],
    admissionDecidedOn: DATE,
    ceremonyOn: DATE,
    "officialOn?": DATE,
    "firstAdmissionDecidedOn?": DATE,
    "partyAgeGaps?": { type: "Array<object>", fields: { from: DATE, to: DATE, reason: "string" } },
    "badges?": `Array<${enumKind(MILESTONES)}>`,
    "cardNo?": "string"
  },
  TransferredOut: {
    kind: ["official", "abroad"],
    "toOrgId?": "OrgId",
    "destination?": "string",
    "letterNo?": "string"
  },
  TransferredIn: { orgId: "OrgId", "lateReason?": "string" },
  TemporaryTransferStarted: { hostOrgId: "OrgId", "until?": DATE },
  TemporaryTransferEnded: {},
  ResidenceContactRegistered: { residenceOrgId: "OrgId" },
  ActivityExempted: { reason: ["age", "health"] },
  ActivityExemptionEnded: {},
  QualityRated: { period: "Period", level: ["excellent", "good", "completed", "notCompleted"] },
  NotRated: { period: "Period", reason: ["admittedUnder6Months", "exempted", "suspended", "other"] },
  Disciplined: {
    form: ["reprimand", "warning", "removalFromPost", "expulsion"],
    "decisionNo?": "string",
    "violationOn?": DATE
  },
  DisciplineAnnulled: { disciplineEventId: "EventId" },
  CardIssued: { cardNo: "string" },
  CardReissued: { cardNo: "string", reason: ["lost", "damaged", "other"] },
  BadgeAwarded: {
    milestone: MILESTONES,
    occasion: ["02-03", "05-19", "09-02", "11-07", "other"],
    posthumous: "boolean",
    early: "boolean",
    "badgeNo?": "string"
  },
  StruckOff: {
    reason: [
      "abandonedActivity",
      "unpaidDues",
      "returnedCard",
      "noProgress",
      "twoYearsViolation",
      "politicalStandard",
      "probationNotRecognized"
    ]
  },
  AllowedToLeave: { "specialFamilyHardship?": "boolean" },
  Died: {},
  PersonCorrected: { person: { type: "PersonPatch", fields: PERSON_PATCH } },
  EventRetracted: { eventId: "EventId", reason: "string" }
}

const ORG_EVENTS: Readonly<Record<string, Fields>> = {
  OrganizationFounded: { name: "string", kind: ORG_KINDS, parentId: "OrgId | null", "code?": "string" },
  OrganizationRenamed: { name: "string" },
  OrganizationReparented: { parentId: "OrgId" },
  OrganizationKindChanged: { kind: ORG_KINDS },
  OrganizationMerged: { intoOrgId: "OrgId" },
  OrganizationDissolved: { "membersMovedTo?": "OrgId" },
  CommitteeElected: { kind: ["chiUy", "secretary"], "size?": "integer" },
  AdmissionTargetSet: { year: "integer", target: "integer" }
}

const CATALOG: Readonly<Record<string, Fields>> = { ...MEMBER_EVENTS, ...ORG_EVENTS }

/**
 * Optional fields the schemas have beyond the catalog ("Extra optional fields may be added").
 * Each must be listed here, stay optional, and really be an extra.
 */
const ALLOWED_EXTRAS: ReadonlyArray<string> = [
  "SponsorsAssigned.sponsors[]{member}.knownSince", // ADM-05: since when the sponsor knows the applicant
  "AdmissionDecided.convictionExpungedOn", // RDM-01: 60 months after a conviction is expunged
  "TemporaryTransferStarted.purpose", // TRF-04: full-time study may last up to 2 years
  "Disciplined.grounds" // RDM-01, RDM-02: grounds that matter for readmission
]

// ---------------------------------------------------------------------------
// Flattening: every field as a path (`person.birthDate`, `sponsors[]{member}.memberId`)
// ---------------------------------------------------------------------------

interface Flat {
  readonly optional: boolean
  readonly kind: string
}
type FlatMap = Map<string, Flat>

const isEnum = (s: Spec): s is ReadonlyArray<string | number> => Array.isArray(s)

const flattenSpec = (fields: Fields, prefix = "", out: FlatMap = new Map()): FlatMap => {
  for (const [key, spec] of Object.entries(fields)) {
    const optional = key.endsWith("?")
    const p = prefix + (optional ? key.slice(0, -1) : key)
    if (typeof spec === "string") out.set(p, { optional, kind: spec })
    else if (isEnum(spec)) out.set(p, { optional, kind: enumKind(spec) })
    else {
      out.set(p, { optional, kind: spec.type })
      const inner = spec.type.startsWith("Array<") ? `${p}[]` : p
      if (spec.fields !== undefined) flattenSpec(spec.fields, `${inner}.`, out)
      for (const [tag, f] of Object.entries(spec.variants ?? {})) flattenSpec(f, `${inner}{${tag}}.`, out)
    }
  }
  return out
}

/** The title of a schema node (on its last titled check, or on the node), as the catalog names it. */
const titleOf = (ast: SchemaAST.AST): string | undefined => {
  const titles = [ast.annotations, ...(ast.checks ?? []).map((c) => c.annotations)]
    .map((a) => (a as Record<string, unknown> | undefined)?.["title"])
    .filter((t): t is string => typeof t === "string")
  return titles.at(-1)
}

const isInt = (ast: SchemaAST.AST): boolean =>
  (ast.checks ?? []).some((c) => (c.annotations as Record<string, unknown> | undefined)?.["expected"] === "an integer")

const kindOf = (ast: SchemaAST.AST): string => {
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
      return enumKind([ast.literal])
    case "Union": {
      const literals = ast.types.filter((t) => t._tag === "Literal")
      return literals.length === ast.types.length
        ? enumKind(literals.map((t) => t.literal))
        : ast.types.map(kindOf).join(" | ")
    }
    case "Arrays":
      return `Array<${ast.rest.map(kindOf).join(", ")}>`
    case "Objects":
      return "object"
    default:
      return ast._tag
  }
}

const flattenAst = (ast: SchemaAST.AST, prefix = "", out: FlatMap = new Map()): FlatMap => {
  if (ast._tag !== "Objects") throw new Error(`${prefix}: not an object`)
  for (const ps of ast.propertySignatures) {
    const p = prefix + String(ps.name)
    out.set(p, { optional: SchemaAST.isOptional(ps.type), kind: kindOf(ps.type) })
    descend(ps.type, p, out)
  }
  return out
}

const descend = (ast: SchemaAST.AST, p: string, out: FlatMap): void => {
  if (ast._tag === "Objects") flattenAst(ast, `${p}.`, out)
  else if (ast._tag === "Arrays" && ast.elements.length === 0 && ast.rest.length === 1) {
    descend(ast.rest[0]!, `${p}[]`, out)
  } else if (ast._tag === "Union" && ast.types.length > 0 && ast.types.every((t) => t._tag === "Objects")) {
    for (const variant of ast.types) {
      const kind = variant._tag === "Objects"
        ? variant.propertySignatures.find((ps) => ps.name === "kind")?.type
        : undefined
      if (kind?._tag !== "Literal") throw new Error(`${p}: a union of objects needs a literal kind`)
      flattenAst(variant, `${p}{${String(kind.literal)}}.`, out)
    }
  }
}

/** The differences between the catalog and an implementation of it, as readable lines. */
const diff = (
  owner: string,
  expected: FlatMap,
  actual: FlatMap,
  opts: { readonly extraKey?: (path: string) => string } = {}
): Array<string> => {
  const problems: Array<string> = []
  for (const [p, e] of expected) {
    const a = actual.get(p)
    if (a === undefined) problems.push(`${owner}.${p}: missing`)
    else {
      if (a.optional !== e.optional) {
        problems.push(
          `${owner}.${p}: ${a.optional ? "optional" : "required"}, catalog says ${e.optional ? "optional" : "required"}`
        )
      }
      if (a.kind !== e.kind) problems.push(`${owner}.${p}: ${a.kind}, catalog says ${e.kind}`)
    }
  }
  for (const [p, a] of actual) {
    if (expected.has(p)) continue
    const key = opts.extraKey?.(p) ?? `${owner}.${p}`
    if (!ALLOWED_EXTRAS.includes(key)) {
      problems.push(`${owner}.${p}: not in the catalog (add ${key} to ALLOWED_EXTRAS if intended)`)
    } else if (!a.optional) problems.push(`${owner}.${p}: an extra field must be optional`)
  }
  return problems
}

/** Prefixes every path of a map. */
const under = (prefix: string, m: FlatMap): FlatMap => new Map([...m].map(([k, v]) => [`${prefix}${k}`, v]))

// ---------------------------------------------------------------------------
// Parsing docs/events.md
// ---------------------------------------------------------------------------

interface Section {
  readonly rows: ReadonlyArray<Readonly<Record<string, string>>>
}

const cleanCell = (s: string): string =>
  s.trim().replace(/\[([^\]]*)\]\([^)]*\)/gu, "$1").replaceAll("`", "").replaceAll("\\|", "|").trim()

/** `### \`Name\`` sections and the rows of their first table. */
const parseSections = (md: string): ReadonlyMap<string, Section> => {
  const sections = new Map<string, Section>()
  let current: { name: string; header?: Array<string>; rows: Array<Record<string, string>> } | undefined
  const flush = () => {
    if (current !== undefined) sections.set(current.name, { rows: current.rows })
  }
  for (const line of md.split("\n")) {
    const heading = /^#{2,3} (.*)$/u.exec(line)
    if (heading !== null) {
      flush()
      const name = /^`([^`]+)`$/u.exec(heading[1]!)?.[1]
      current = line.startsWith("### ") && name !== undefined ? { name, rows: [] } : undefined
      continue
    }
    if (current === undefined || !line.startsWith("|")) continue
    const cells = line.slice(1, -1).split(/(?<!\\)\|/u).map(cleanCell)
    if (current.header === undefined) current.header = cells
    else if (!cells.every((c) => /^-+$/u.test(c))) {
      current.rows.push(Object.fromEntries(current.header.map((h, i) => [h, cells[i] ?? ""])))
    }
  }
  flush()
  return sections
}

/** The catalog kind of a rendered type: `"a" | "b"` is an enum, `Array<…>` recurses. */
const kindFromDoc = (s: string): string => {
  const array = /^Array<(.*)>$/u.exec(s)
  if (array !== null) return `Array<${kindFromDoc(array[1]!)}>`
  const literals = s.split(" | ").map((part) => {
    try {
      const v: unknown = JSON.parse(part)
      return typeof v === "string" || typeof v === "number" ? v : undefined
    } catch {
      return undefined
    }
  })
  return literals.every((v) => v !== undefined) ? enumKind(literals) : s
}

const flattenDoc = (
  sections: ReadonlyMap<string, Section>,
  rows: ReadonlyArray<Readonly<Record<string, string>>>,
  prefix = "",
  out: FlatMap = new Map()
): FlatMap => {
  for (const row of rows) {
    const p = prefix + row["field"]!
    out.set(p, { optional: row["required"] === "optional", kind: kindFromDoc(row["type"]!) })
    const named = /^(?:Array<)?([A-Za-z]+)>?$/u.exec(row["type"]!)?.[1]
    const section = named === undefined ? undefined : sections.get(named)
    if (
      section === undefined || named === undefined || MEMBER_EVENTS[named] !== undefined ||
      ORG_EVENTS[named] !== undefined
    ) continue
    const inner = row["type"]!.startsWith("Array<") ? `${p}[]` : p
    if (section.rows.some((r) => r["variant"] !== undefined)) {
      const variants = [...new Set(section.rows.map((r) => r["variant"]!))]
      for (const v of variants) {
        flattenDoc(
          sections,
          section.rows.filter((r) => r["variant"] === v),
          `${inner}{${v}}.`,
          out
        )
      }
    } else flattenDoc(sections, section.rows, `${inner}.`, out)
  }
  return out
}

// ---------------------------------------------------------------------------
// (a) the schemas and docs/events.md list the catalog's types and fields
// ---------------------------------------------------------------------------

describe("the schemas", () => {
  it("have the catalog's member and organisation event types", () => {
    expect(Object.keys(MemberEvent.schemas).sort()).toEqual(Object.keys(MEMBER_EVENTS).sort())
    expect(Object.keys(OrgEvent.schemas).sort()).toEqual(Object.keys(ORG_EVENTS).sort())
  })

  it("have the catalog's fields, types and required/optional split for every event type", () => {
    const schemas: Readonly<Record<string, { readonly ast: SchemaAST.AST }>> = {
      ...MemberEvent.schemas,
      ...OrgEvent.schemas
    }
    const problems = Object.entries(CATALOG).flatMap(([type, fields]) => {
      const schema = schemas[type]
      if (schema === undefined) return [`${type}: no schema`]
      const actual = flattenAst(schema.ast)
      const head = new Map([
        ["type", { optional: false, kind: enumKind([type]) }],
        ["occurredOn", { optional: false, kind: DATE }],
        ["data", { optional: false, kind: "object" }]
      ])
      const headProblems = diff(type, head, new Map([...actual].filter(([p]) => !p.startsWith("data."))))
      const dataActual = new Map([...actual].filter(([p]) => p.startsWith("data.")).map(([p, v]) => [p.slice(5), v]))
      return [...headProblems, ...diff(type, flattenSpec(fields), dataActual)]
    })
    expect(problems).toEqual([])
  })

  it("wrap every event type in the Envelope union with the catalog's envelope fields", () => {
    const ast = Envelope.Envelope.ast
    expect(ast._tag).toBe("Union")
    const branches = ast._tag === "Union" ? ast.types : []
    const types = branches.map((b) => flattenAst(b).get("type")?.kind)
    expect(types.sort()).toEqual(Object.keys(CATALOG).map((t) => enumKind([t])).sort())
    const problems = branches.flatMap((branch) => {
      const actual = flattenAst(branch)
      const type = Object.keys(CATALOG).find((t) => actual.get("type")?.kind === enumKind([t]))!
      const expected = flattenSpec(ENVELOPE)
      expected.set("type", { optional: false, kind: enumKind([type]) })
      for (const [p, v] of under("data.", flattenSpec(CATALOG[type]!))) expected.set(p, v)
      return diff(`${type}Envelope`, expected, actual, { extraKey: (p) => `${type}.${p.replace(/^data\./u, "")}` })
    })
    expect(problems).toEqual([])
  })

  it("use every allow-listed extra field (the allow-list does not rot)", () => {
    const schemas: Readonly<Record<string, { readonly ast: SchemaAST.AST }>> = {
      ...MemberEvent.schemas,
      ...OrgEvent.schemas
    }
    for (const extra of ALLOWED_EXTRAS) {
      const [type, ...rest] = extra.split(".")
      const field = rest.join(".")
      const actual = flattenAst(schemas[type!]!.ast).get(`data.${field}`)
      expect(actual, extra).toBeDefined()
      expect(actual?.optional, extra).toBe(true)
      expect(flattenSpec(CATALOG[type!]!).has(field), `${extra} is in the catalog: remove it from ALLOWED_EXTRAS`).toBe(
        false
      )
    }
  })
})

describe("docs/events.md", () => {
  const md = read("docs/events.md")
  const sections = parseSections(md)

  /** The `### \`Name\`` headings under a `## ` heading. */
  const headingsUnder = (h2: string): Array<string> => {
    const start = md.indexOf(`\n${h2}\n`)
    if (start < 0) throw new Error(`no heading ${h2}`)
    const end = md.indexOf("\n## ", start + 1)
    const body = md.slice(start, end === -1 ? undefined : end)
    return [...body.matchAll(/^### `([^`]+)`$/gmu)].map((m) => m[1]!)
  }

  it("has a section for every event type, and only those, under the stream they belong to", () => {
    expect(headingsUnder("## Member stream (`member-<MemberId>`)").sort()).toEqual(Object.keys(MEMBER_EVENTS).sort())
    expect(headingsUnder("## Organisation stream (`org-<OrgId>`)").sort()).toEqual(Object.keys(ORG_EVENTS).sort())
  })

  it("lists the catalog's fields, types and required/optional split for every event type", () => {
    const problems = Object.entries(CATALOG).flatMap(([type, fields]) =>
      diff(type, flattenSpec(fields), flattenDoc(sections, sections.get(type)?.rows ?? []))
    )
    expect(problems).toEqual([])
  })

  it("lists the catalog's envelope fields", () => {
    const actual = flattenDoc(sections, sections.get("Envelope")?.rows ?? [])
    expect(diff("Envelope", flattenSpec(ENVELOPE), actual)).toEqual([])
  })

  it("has an NDJSON example line that decodes", () => {
    const example = /```json\n(.*)\n```/u.exec(md)?.[1]
    expect(example).toBeDefined()
    expect(example).not.toContain("\n")
    const decoded = Envelope.decodeLine(example!)
    expect(decoded._tag).toBe("Success")
  })

  it("keeps the Streams and time section", () => {
    expect(md).toContain("## Streams and time")
    expect(md).toContain("**Knowledge time**")
    expect(md).toContain("`OfficialRecognized` is the one exception")
  })
})

// ---------------------------------------------------------------------------
// (b) the generated files are in step with the code
// ---------------------------------------------------------------------------

describe("the docs generator", () => {
  it("finds nothing stale: docs/events.md and the JSON Schema match the code", () => {
    expect(Generator.stale()).toEqual([])
  })

  it("is deterministic", () => {
    expect(Generator.render()).toEqual(Generator.render())
  })

  it("--check exits 0 on this repository and 1 on a tree whose docs are missing or edited", () => {
    const script = path.join(pkg, "scripts/generate-docs.ts")
    const run = (...args: Array<string>) => spawnSync(process.execPath, [script, ...args], { encoding: "utf8" })
    const ok = run("--check")
    expect(ok.stderr).toBe("")
    expect(ok.status).toBe(0)

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dangvien-docs-"))
    try {
      const missing = run("--check", `--root=${tmp}`)
      expect(missing.status).toBe(1)
      expect(missing.stderr).toContain("docs/events.md")
      expect(missing.stderr).toContain("docs/schema/envelope.schema.json")

      expect(run(`--root=${tmp}`).status).toBe(0)
      expect(run("--check", `--root=${tmp}`).status).toBe(0)

      fs.appendFileSync(path.join(tmp, "docs/events.md"), "hand edit\n")
      const edited = run("--check", `--root=${tmp}`)
      expect(edited.status).toBe(1)
      expect(edited.stderr).toContain("docs/events.md")
      expect(edited.stderr).not.toContain("envelope.schema.json")
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true })
    }
    // Five node processes, about 1 s each: allow for a busy machine.
  }, 60_000)
})

// ---------------------------------------------------------------------------
// (c) the JSON Schema document
// ---------------------------------------------------------------------------

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [k: string]: Json }
type JsonObject = { readonly [k: string]: Json }

const isObject = (j: Json | undefined): j is JsonObject => typeof j === "object" && j !== null && !Array.isArray(j)

/**
 * A small validator for the keywords the export uses (type, enum, pattern, minimum, maximum,
 * minLength, required, properties, items, anyOf, not). It fails on any other keyword, so a change
 * in the export cannot make this check silently weaker.
 */
const KNOWN = new Set([
  "$schema",
  "title",
  "description",
  "type",
  "enum",
  "pattern",
  "minimum",
  "maximum",
  "minLength",
  "required",
  "properties",
  "additionalProperties",
  "items",
  "anyOf",
  "not"
])
const validate = (schema: Json, value: Json): boolean => {
  if (!isObject(schema)) throw new Error("a schema is an object")
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`unsupported keyword ${k}`)
  const type = schema["type"]
  if (typeof type === "string") {
    const actual = value === null
      ? "null"
      : Array.isArray(value)
      ? "array"
      : typeof value === "number" && Number.isInteger(value) && type === "integer"
      ? "integer"
      : typeof value
    if (actual !== type) return false
  }
  if (Array.isArray(schema["enum"]) && !schema["enum"].includes(value)) return false
  if (
    typeof schema["pattern"] === "string" &&
    !(typeof value === "string" && new RegExp(schema["pattern"], "u").test(value))
  ) {
    return false
  }
  if (typeof schema["minimum"] === "number" && !(typeof value === "number" && value >= schema["minimum"])) return false
  if (typeof schema["maximum"] === "number" && !(typeof value === "number" && value <= schema["maximum"])) return false
  if (
    typeof schema["minLength"] === "number" && !(typeof value === "string" && [...value].length >= schema["minLength"])
  ) {
    return false
  }
  if (isObject(value)) {
    if (Array.isArray(schema["required"]) && !schema["required"].every((k) => typeof k === "string" && k in value)) {
      return false
    }
    const props = schema["properties"]
    if (isObject(props)) {
      for (const [k, s] of Object.entries(props)) if (k in value && !validate(s, value[k]!)) return false
    }
  }
  if (Array.isArray(value) && schema["items"] !== undefined && !value.every((v) => validate(schema["items"]!, v))) {
    return false
  }
  if (Array.isArray(schema["anyOf"]) && !schema["anyOf"].some((s) => validate(s, value))) return false
  if (schema["not"] !== undefined && validate(schema["not"], value)) return false
  return true
}

const walk = (j: Json, f: (o: JsonObject) => void): void => {
  if (Array.isArray(j)) j.forEach((x) => walk(x, f))
  else if (isObject(j)) {
    f(j)
    Object.values(j).forEach((x) => walk(x, f))
  }
}

describe("docs/schema/envelope.schema.json", () => {
  const text = read("docs/schema/envelope.schema.json")
  const schema = JSON.parse(text) as JsonObject

  it("is a standalone draft 2020-12 JSON Schema", () => {
    expect(schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema")
    expect(schema["title"]).toBe("Envelope")
    expect(text.endsWith("}\n")).toBe(true)
    expect(Array.isArray(schema["anyOf"])).toBe(true)
  })

  it("has one branch per event type, with the catalog's required fields", () => {
    const branches = schema["anyOf"] as ReadonlyArray<JsonObject>
    const byType = new Map(
      branches.map((b) => {
        const props = b["properties"] as JsonObject
        return [(props["type"] as JsonObject)["enum"] as ReadonlyArray<string>, b] as const
      }).map(([e, b]) => [e[0]!, b])
    )
    expect([...byType.keys()].sort()).toEqual(Object.keys(CATALOG).sort())
    const envelopeRequired = [...flattenSpec(ENVELOPE)].filter(([p, f]) => !p.includes(".") && !f.optional).map(([p]) =>
      p
    )
    for (const [type, branch] of byType) {
      expect([...(branch["required"] as ReadonlyArray<string>)].sort(), type).toEqual([...envelopeRequired].sort())
      const data = (branch["properties"] as JsonObject)["data"] as JsonObject
      const dataRequired = [...flattenSpec(CATALOG[type]!)].filter(([p, f]) => !p.includes(".") && !f.optional).map((
        [p]
      ) => p)
      expect([...((data["required"] as ReadonlyArray<string> | undefined) ?? [])].sort(), type).toEqual(
        dataRequired.sort()
      )
    }
  })

  it("has patterns that compile as `u` regexes and are the ones the schemas check", () => {
    const patterns = new Set<string>()
    walk(schema, (o) => {
      if (typeof o["pattern"] === "string") patterns.add(o["pattern"])
    })
    for (const p of patterns) expect(() => new RegExp(p, "u"), p).not.toThrow()
    expect(patterns).toEqual(
      new Set([
        "^[0-9A-HJKMNP-TV-Z]{26}$",
        "^(member|org)-[0-9A-HJKMNP-TV-Z]{26}$",
        "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$",
        "^\\d{4}-\\d{2}-\\d{2}$",
        "^\\d{4}(-H[12])?$"
      ])
    )
  })

  it("accepts the catalog's example line and rejects broken ones", () => {
    const example = JSON.parse(/```json\n(.*)\n```/u.exec(read("docs/events.md"))![1]!) as JsonObject
    expect(validate(schema, example)).toBe(true)
    expect(validate(schema, { ...example, id: "not-a-ulid" })).toBe(false)
    expect(validate(schema, { ...example, type: "NoSuchEvent" })).toBe(false)
    expect(validate(schema, { ...example, occurredOn: "15/03/2021" })).toBe(false)
    expect(validate(schema, { ...example, data: { ...(example["data"] as JsonObject), kind: "second" } })).toBe(false)
    const { decidedBy: _, ...noDecidedBy } = example["data"] as JsonObject
    expect(validate(schema, { ...example, data: noDecidedBy })).toBe(false)
  })

  it("is what Envelope.jsonSchema() describes", () => {
    expect(Envelope.jsonSchema()).toEqual(schema)
    expect(schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema")
  })
})

// ---------------------------------------------------------------------------
// The rule book marks as refusing exactly the rules the code refuses with
// ---------------------------------------------------------------------------

const sourceFiles = (dir: string): Array<string> =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []
  )

/** Rule IDs passed to a violation or decode-error constructor anywhere in `src/`. */
const emittedRules = (): Set<string> => {
  const ids = new Set<string>()
  for (const file of sourceFiles(path.join(pkg, "src"))) {
    for (const m of fs.readFileSync(file, "utf8").matchAll(/(?:\bv\(|\bviolation\(|\brule:)\s*"([A-Z]{3}-\d{2})"/gu)) {
      ids.add(m[1]!)
    }
  }
  return ids
}

/** Every member of the `RuleId` type of RuleViolation.ts, expanded from its template literals. */
const declaredRules = (): Set<string> => {
  const source = fs.readFileSync(path.join(pkg, "src/RuleViolation.ts"), "utf8")
  const ids = new Set<string>()
  for (const m of source.matchAll(/`([A-Z]{3})-(0?)\$\{([^}]*)\}`/gu)) {
    for (const alt of m[3]!.split("|")) ids.add(`${m[1]}-${m[2]}${alt.trim().replaceAll("\"", "")}`)
  }
  return ids
}

/** For every `- **ID**` entry of the rule book: its text up to the next entry or heading. */
const ruleEntries = (md: string): Map<string, string> => {
  const entries = new Map<string, string>()
  let current: string | undefined
  for (const line of md.split("\n")) {
    const id = /^- \*\*([A-Z]{3}-\d{2})\*\*/u.exec(line)?.[1]
    if (id !== undefined) current = id
    else if (line.startsWith("#") || (line !== "" && !line.startsWith(" "))) current = undefined
    if (current !== undefined) entries.set(current, `${entries.get(current) ?? ""}${line}\n`)
  }
  return entries
}

describe("docs/rules.md", () => {
  const entries = ruleEntries(read("docs/rules.md"))

  it("documents every rule ID of RuleId (the decoder's EVT rules among them), and each has an enforcement line", () => {
    const declared = declaredRules()
    expect(declared.size).toBeGreaterThan(60)
    const expected = [...declared].sort()
    expect(expected).toEqual(expect.arrayContaining(["EVT-01", "EVT-02", "EVT-03", "EVT-04", "EVT-05"]))
    expect([...entries.keys()].sort()).toEqual(expected)
    for (const [id, text] of entries) {
      expect(text, id).toMatch(/\*Enforcement:\* \*\*(refuses|audit finding|computed)\*\*/u)
    }
  })

  it("marks as **refuses** exactly the rules the code refuses with", () => {
    const emitted = [...emittedRules()].sort()
    const refusing = [...entries].filter(([, text]) => text.includes("**refuses**")).map(([id]) => id).sort()
    expect(refusing).toEqual(emitted)
  })

  it("links only to files that exist", () => {
    const links = [...read("docs/rules.md").matchAll(/\]\((\.\.\/[^)#]+)\)/gu)].map((m) => m[1]!)
    expect(links.length).toBeGreaterThan(20)
    for (const link of new Set(links)) expect(fs.existsSync(path.join(root, "docs", link)), link).toBe(true)
  })
})
