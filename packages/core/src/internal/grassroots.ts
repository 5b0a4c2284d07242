/**
 * The grassroots organisation (tổ chức cơ sở đảng) a unit belongs to on a date: what the audit's
 * rating quota (RAT-04) and the statistics' count of cells under grassroots committees both ask.
 *
 * @internal
 */
import type { CalendarDate } from "../Calendar.ts"
import type { OrgId } from "../Ids.ts"
import * as Organization from "../Organization.ts"
import type { Registry } from "../OrganizationRegistry.ts"

/**
 * The unit itself if it is a grassroots organisation on `s`, else its nearest grassroots ancestor
 * (the ancestors as `ancestorsOn` walks them, without listing them); undefined if none.
 */
export const grassrootsOf = (
  registry: Pick<Registry, "parentOn" | "on">,
  unit: OrgId,
  s: CalendarDate
): OrgId | undefined => {
  const seen = new Set<OrgId>()
  for (let id: OrgId | null | undefined = unit; id != null && !seen.has(id); id = registry.parentOn(id, s)) {
    const kind = registry.on(id, s)?.kind
    if (kind !== undefined && Organization.isGrassroots(kind)) return id
    seen.add(id)
  }
  return undefined
}
