/**
 * The deadlines of the rule book, computed once for the rule checks that refuse (a late ceremony, a
 * late arrival without a reason, an expired certificate) and for the audit that reports (a ceremony,
 * a recognition or an arrival still missing after its deadline). Each gives the **last day allowed**.
 */
import * as Calendar from "../Calendar.ts"
import type { CalendarDate, HolidayCalendar } from "../Calendar.ts"
import type { RuleSet } from "../RuleSet.ts"

/**
 * ADM-07: the last day for the competent committee's admission decision after the branch resolution
 * (`decisionWithinWorkingDays`), and with the extension the rule allows (`decisionExtensionWorkingDays`
 * more).
 */
export const decisionDeadlines = (
  resolutionOn: CalendarDate,
  rules: RuleSet,
  calendar: HolidayCalendar
): { readonly deadline: CalendarDate; readonly extended: CalendarDate } => ({
  deadline: Calendar.addWorkingDays(resolutionOn, rules.admission.decisionWithinWorkingDays, calendar),
  extended: Calendar.addWorkingDays(
    resolutionOn,
    rules.admission.decisionWithinWorkingDays + rules.admission.decisionExtensionWorkingDays,
    calendar
  )
})

/** ADM-09: the last day for the admission ceremony, `ceremonyWithinWorkingDays` after the decision. */
export const ceremonyDeadline = (decidedOn: CalendarDate, rules: RuleSet, calendar: HolidayCalendar): CalendarDate =>
  Calendar.addWorkingDays(decidedOn, rules.admission.ceremonyWithinWorkingDays, calendar)

/** PRB-02: the last day for the branch to consider recognition, after probation ends. */
export const recognitionDeadline = (
  probationEnd: CalendarDate,
  rules: RuleSet,
  calendar: HolidayCalendar
): CalendarDate => Calendar.addWorkingDays(probationEnd, rules.probation.recognitionWithinWorkingDays, calendar)

/** TRF-02: the last day to present the introduction letter issued on `letterOn`. */
export const presentationDeadline = (letterOn: CalendarDate, rules: RuleSet, calendar: HolidayCalendar): CalendarDate =>
  Calendar.addWorkingDays(letterOn, rules.transfer.presentWithinWorkingDays, calendar)

/** ADM-03: the last day an awareness certificate of `completedOn` is valid. */
export const certificateValidUntil = (completedOn: CalendarDate, rules: RuleSet): CalendarDate =>
  Calendar.addMonths(completedOn, rules.admission.courseValidityMonths)
