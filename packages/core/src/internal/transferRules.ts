/**
 * Transfer checks (§6 of the rule book).
 */
import * as Calendar from "../Calendar.ts"
import * as Member from "../Member.ts"
import type { Context } from "../MemberDecider.ts"
import type { MemberEvent } from "../MemberEvent.ts"
import { presentationDeadline } from "./deadlines.ts"
import { calendarOf, type Check, checkOrg, ok, requireMember, rulesFor, v } from "./memberContext.ts"

export const checkTransfer = (e: MemberEvent, s: Member.State, ctx: Context): Check => {
  const calendar = calendarOf(ctx)
  switch (e.type) {
    case "TransferredOut": {
      const m = requireMember(e, s)
      if (m !== undefined) return m
      if (s.orgId === undefined) {
        return v(
          "TRF-03",
          "type",
          "the member is already in transit",
          "đảng viên đang chuyển sinh hoạt, chưa được tiếp nhận"
        )
      }
      if (e.data.toOrgId !== undefined) {
        if (e.data.toOrgId === s.orgId) {
          return v(
            "TRF-01",
            "data.toOrgId",
            "a transfer goes to another organisation",
            "chuyển sinh hoạt phải đến tổ chức đảng khác"
          )
        }
        return checkOrg(ctx, e.data.toOrgId, e.occurredOn, "data.toOrgId", true)
      }
      return ok
    }
    case "TransferredIn": {
      if (Member.isMember(s) && s.transit === undefined) {
        return v("TRF-03", "type", "the member is not in transit", "đảng viên không trong thời gian chuyển sinh hoạt")
      }
      const m = requireMember(e, s)
      if (m !== undefined || s.transit === undefined) return m
      if (s.transit.toOrgId !== undefined && s.transit.toOrgId !== e.data.orgId) {
        return v(
          "TRF-03",
          "data.orgId",
          `the letter introduces the member to ${s.transit.toOrgId}`,
          `giấy giới thiệu sinh hoạt đảng ghi nơi đến là ${s.transit.toOrgId}`
        )
      }
      const rules = rulesFor(ctx, e.occurredOn)
      const days = rules.transfer.presentWithinWorkingDays
      if (
        e.occurredOn > presentationDeadline(s.transit.since, rules, calendar) &&
        (e.data.lateReason ?? "").trim() === ""
      ) {
        return v(
          "TRF-02",
          "data.lateReason",
          `the letter of ${s.transit.since} was presented after ${days} working days; a reason is required`,
          `nộp giấy giới thiệu sinh hoạt đảng sau ${days} ngày làm việc kể từ ngày ${s.transit.since}; phải ghi rõ lý do`
        )
      }
      return checkOrg(ctx, e.data.orgId, e.occurredOn, "data.orgId", true)
    }
    case "TemporaryTransferStarted": {
      const m = requireMember(e, s)
      if (m !== undefined) return m
      if (s.orgId === undefined) {
        return v("TRF-03", "type", "the member is in transit", "đảng viên đang chuyển sinh hoạt")
      }
      if (s.temporaryTransfer !== undefined) {
        return v("TRF-04", "type", "a temporary transfer is already in progress", "đảng viên đang sinh hoạt tạm thời")
      }
      if (e.data.hostOrgId === s.orgId) {
        return v(
          "TRF-04",
          "data.hostOrgId",
          "the host is the member's own branch",
          "nơi sinh hoạt tạm thời trùng với chi bộ chính thức"
        )
      }
      if (e.data.until !== undefined) {
        const rules = rulesFor(ctx, e.occurredOn).transfer
        const months = Calendar.monthsBetween(e.occurredOn, e.data.until)
        const study = e.data.purpose === "study"
        const tooLong = study
          ? e.data.until > Calendar.addMonths(e.occurredOn, rules.studyMaxMonths)
          : months >= rules.temporaryMaxMonths
        if (months < rules.temporaryMinMonths || tooLong) {
          return v(
            "TRF-04",
            "data.until",
            `a temporary transfer lasts ${rules.temporaryMinMonths} months to less than ${rules.temporaryMaxMonths} months (full-time study: up to ${rules.studyMaxMonths})`,
            `sinh hoạt tạm thời từ ${rules.temporaryMinMonths} tháng đến dưới ${rules.temporaryMaxMonths} tháng (đi học tập trung: đến ${rules.studyMaxMonths} tháng)`
          )
        }
      }
      return checkOrg(ctx, e.data.hostOrgId, e.occurredOn, "data.hostOrgId", true)
    }
    case "TemporaryTransferEnded":
      return s.temporaryTransfer === undefined
        ? v("TRF-04", "type", "no temporary transfer is in progress", "đảng viên không sinh hoạt tạm thời")
        : ok
    case "ResidenceContactRegistered": {
      const m = requireMember(e, s)
      if (m !== undefined) return m
      return checkOrg(ctx, e.data.residenceOrgId, e.occurredOn, "data.residenceOrgId", true) ??
        (e.data.residenceOrgId === s.orgId
          ? v(
            "TRF-05",
            "data.residenceOrgId",
            "the residence branch is the member's own branch",
            "chi bộ nơi cư trú trùng với chi bộ nơi sinh hoạt"
          )
          : ok)
    }
    default:
      return ok
  }
}
