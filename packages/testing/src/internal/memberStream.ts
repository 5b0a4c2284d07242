/**
 * A member stream being written: every command goes through `MemberDecider.check` with the
 * stream's context; accepted ones become recorded envelopes (deterministic ULIDs, realistic
 * `recordedAt`) and evolve the state, refused ones are kept aside with their violation.
 */
import type { CalendarDate } from "@dangvien/core/Calendar"
import * as Envelope from "@dangvien/core/Envelope"
import { eventId, type MemberId, memberStream, type StreamName } from "@dangvien/core/Ids"
import * as Member from "@dangvien/core/Member"
import * as MemberCommand from "@dangvien/core/MemberCommand"
import * as MemberDecider from "@dangvien/core/MemberDecider"
import type { RuleViolation } from "@dangvien/core/RuleViolation"
import type { Draw } from "./draw.ts"
import { iso, recordingMs } from "./instant.ts"
import * as Ulid from "./ulid.ts"

export interface Refusal {
  readonly command: MemberCommand.MemberCommand
  readonly violation: RuleViolation
}

export class MemberStream {
  state: Member.State = Member.initialState
  readonly events: Array<Envelope.MemberEnvelope> = []
  readonly refused: Array<Refusal> = []
  readonly stream: StreamName
  /** The latest effective date reached: no later command is dated before it. */
  today: CalendarDate
  private lastMs = Number.NEGATIVE_INFINITY
  private counter = 0n
  private readonly entropy: bigint

  readonly draw: Draw
  readonly memberId: MemberId
  readonly context: MemberDecider.Context

  constructor(draw: Draw, memberId: MemberId, context: MemberDecider.Context, start: CalendarDate) {
    this.draw = draw
    this.memberId = memberId
    this.context = context
    this.stream = memberStream(memberId)
    this.today = start
    this.entropy = draw.bits(60) << 20n
  }

  /** Decides a command; records its event if accepted. */
  submit(command: MemberCommand.MemberCommand): boolean {
    const event = MemberCommand.toEvent(command)
    const violation = MemberDecider.check(event, this.state, this.context)
    if (violation !== undefined) {
      this.refused.push({ command, violation })
      return false
    }
    const day = event.occurredOn > this.today ? event.occurredOn : this.today
    this.lastMs = recordingMs(this.draw, day, this.lastMs)
    this.counter += 1n
    const envelope = Envelope.make(
      {
        id: eventId(Ulid.make(this.lastMs, this.entropy + this.counter)),
        stream: this.stream,
        schemaVersion: Envelope.currentSchemaVersion,
        recordedAt: iso(this.lastMs)
      },
      event
    )
    this.state = Member.evolve(this.state, envelope)
    this.events.push(envelope)
    this.today = day
    return true
  }
}
