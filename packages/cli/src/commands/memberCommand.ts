/**
 * `dangvien member ID [--as-of D] [--lang vi|en]`: one member's record — status, branch, party
 * age, card, badges, what is due next, and the history of events.
 *
 * @since 0.1.0
 */
import {
  Badge,
  BadgesDue,
  type Calendar,
  Envelope,
  EventStore,
  Ids,
  Member,
  type OrganizationRegistry,
  PartyAge,
  RuleSet
} from "@dangvien/core"
import { Console, Effect } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { CliFailure, ExitCode } from "../CliFailure.ts"
import { count } from "../Count.ts"
import * as Dates from "../Dates.ts"
import * as Flags from "../Flags.ts"
import * as HistoryText from "../HistoryText.ts"
import * as Labels from "../Labels.ts"
import * as MemberNames from "../MemberNames.ts"
import * as StatsIndex from "../StatsIndex.ts"
import * as Store from "../Store.ts"
import * as StreamRef from "../StreamRef.ts"

/**
 * The text of a member's record as of a date.
 *
 * @category formatting
 * @since 0.1.0
 */
export const describe = (
  envelopes: ReadonlyArray<Envelope.MemberEnvelope>,
  orgs: OrganizationRegistry.Registry,
  asOf: Calendar.CalendarDate,
  lang: Labels.Lang,
  names: ReadonlyMap<Ids.MemberId, string> = new Map()
): ReadonlyArray<string> => {
  const known = envelopes.filter((e) => e.occurredOn <= asOf)
  const s = known.reduce(Member.evolve, Member.initialState)
  const vi = lang === "vi"
  const badgeLabel = vi ? Badge.labelVi : Badge.label
  const orgName = (id: string) => {
    const node = orgs.on(id as never, asOf)
    return node === undefined ? id : `${node.name} (${id})`
  }
  /** The branch line: the branch, or the letter of a member in transit (TRF-03). */
  const branch = (): string => {
    if (s.orgId !== undefined) return orgName(s.orgId)
    const t = s.transit
    if (t === undefined) return vi ? "(đang chuyển sinh hoạt)" : "(in transit)"
    const letter = known.findLast((e) => e.type === "TransferredOut")
    const destination = t.toOrgId !== undefined
      ? orgName(t.toOrgId)
      : letter?.type === "TransferredOut" && letter.data.destination !== undefined
      ? letter.data.destination
      : vi
      ? "(không ghi nơi đến)"
      : "(no destination recorded)"
    return vi
      ? `đang chuyển sinh hoạt từ ngày ${t.since}: từ ${orgName(t.from)} đến ${destination}${
        t.outside === true ? " (ngoài phạm vi dữ liệu: nơi đến ghi nhận việc tiếp nhận)" : ""
      }`
      : `in transit since ${t.since}: from ${orgName(t.from)} to ${destination}${
        t.outside === true ? " (outside this dataset: the arrival is recorded there)" : ""
      }`
  }
  const out: Array<string> = []
  const person = s.person
  out.push(`${person?.fullName ?? "?"} — ${envelopes[0]?.stream ?? ""}`)
  if (person !== undefined) {
    out.push(
      `  ${vi ? "sinh" : "born"} ${person.birthDate}, ${Labels.gender(person.gender, lang)}${
        person.ethnicity === undefined ? "" : `, ${person.ethnicity}`
      }${person.religion === null || person.religion === undefined ? "" : `, ${person.religion}`}`
    )
  }
  out.push(`  ${vi ? "tình trạng" : "status"} (${asOf}): ${Labels.status(s.status, lang)}`)
  if (Member.isMember(s) || s.status === "candidate") out.push(`  ${vi ? "chi bộ" : "branch"}: ${branch()}`)
  if (s.admissionDecidedOn !== undefined) {
    out.push(
      `  ${vi ? "kết nạp" : "admitted"}: ${s.admissionDecidedOn}${
        s.officialOn === undefined ? "" : `; ${vi ? "chính thức" : "official"}: ${s.officialOn}`
      }`
    )
  }
  const membership = Member.membership(s)
  if (membership !== undefined) {
    const months = PartyAge.months(membership, asOf)
    out.push(
      `  ${vi ? "tuổi đảng" : "party age"}: ${
        vi
          ? `${Math.floor(months / 12)} năm ${months % 12} tháng`
          : `${count(Math.floor(months / 12), "year")} ${count(months % 12, "month")}`
      }`
    )
    // Due now (BDG-02…05), as the badges due list would judge it; else the next one party age reaches.
    const due = BadgesDue.dueOf(s, asOf)
    if (due !== undefined) {
      out.push(
        `  ${vi ? "huy hiệu đến hạn, chưa trao" : "badge due, not awarded"}: ${badgeLabel(due.milestone)} — ${
          vi ? "đủ tuổi đảng ngày" : "reached on"
        } ${due.reachedOn}${due.posthumous ? (vi ? " (truy tặng)" : " (posthumous)") : ""}`
      )
    } else if (Member.isMember(s)) {
      const held = new Set(s.badges.map((b) => b.milestone))
      const rules = RuleSet.forDate(asOf)
      for (const m of Badge.milestones) {
        const on = PartyAge.yearsReachedOn(membership, m)
        if (held.has(m) || on === undefined || on <= asOf || !Badge.milestoneAvailable(m, on, s.badges, rules)) continue
        out.push(
          `  ${vi ? "huy hiệu kế tiếp" : "next badge"}: ${badgeLabel(m)} — ${
            vi ? "đủ tuổi đảng ngày" : "reached on"
          } ${on}, ${vi ? "dịp" : "occasion"} ${Badge.nextOccasion(on).on}`
        )
        break
      }
    }
  }
  if (s.status === "probationary") {
    const end = Member.probationEnd(s)
    if (end !== undefined) out.push(`  ${vi ? "hết thời hạn dự bị" : "probation ends"}: ${end}`)
  }
  if (s.card !== undefined) out.push(`  ${vi ? "thẻ đảng viên" : "party card"}: ${s.card.cardNo} (${s.card.issuedOn})`)
  for (const b of s.badges) {
    out.push(`  ${badgeLabel(b.milestone)}: ${b.on}${b.posthumous ? (vi ? " (truy tặng)" : " (posthumous)") : ""}`)
  }
  out.push(`  ${vi ? "lịch sử" : "history"}:`)
  const context: HistoryText.Context = {
    lang,
    orgName,
    memberName: (id) => MemberNames.label(names, id as Ids.MemberId),
    events: known
  }
  for (const e of known) {
    const details = HistoryText.details(e, context)
    out.push(
      `    ${e.occurredOn}  ${Labels.eventType(e.type, lang)}${details === "" ? "" : `  ${details}`}${
        s.neutralised.has(e.id) ? (vi ? "  (đã hủy bỏ)" : "  (undone)") : ""
      }`
    )
  }
  return out
}

/**
 * `dangvien member`.
 *
 * @category commands
 * @since 0.1.0
 */
export const command = Command.make(
  "member",
  {
    id: Argument.String("id").pipe(Argument.withDescription("the member's ULID or member-<ULID>")),
    asOf: Flag.String("as-of").pipe(Flag.withDescription("the date of the record (default: today)"), Flag.optional),
    lang: Flags.lang
  },
  ({ asOf, id, lang }) =>
    Store.use(() =>
      Effect.gen(function*() {
        const date = (yield* Dates.optionalDate("as-of", asOf)) ?? (yield* Dates.today)
        if (!id.startsWith("member-") && !Ids.isUlid(id.toUpperCase())) {
          return yield* new CliFailure({
            message: `${id} is not a member id: expected a ULID (26 characters) or member-<ULID>`,
            exitCode: ExitCode.usage
          })
        }
        const stream = yield* StreamRef.resolve(id.startsWith("member-") ? id : `member-${id}`)
        const store = yield* EventStore.EventStore
        const events = (yield* store.readStream(stream)).filter(Envelope.isMemberEnvelope)
        if (events.length === 0) return yield* new CliFailure({ message: `no member ${id} in the store` })
        // The organisations' names from the statistics index kept in the store (its checkpoint).
        const { orgs } = yield* StatsIndex.loadCompact
        // The sponsors by name (their own streams).
        const sponsors = [
          ...new Set(
            events.flatMap((e) =>
              e.type === "SponsorsAssigned"
                ? e.data.sponsors.flatMap((s) => s.kind === "member" ? [s.memberId] : [])
                : []
            )
          )
        ]
        const names = yield* MemberNames.read(sponsors)
        yield* Console.log(describe(events, orgs, date, lang, names).join("\n"))
      })
    ).pipe(Effect.catchTag("StorageError", (e) => Effect.fail(new CliFailure({ message: `storage: ${e.message}` }))))
).pipe(Command.withDescription("one member's record: status, party age, badges, deadlines, history"))
