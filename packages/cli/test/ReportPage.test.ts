/**
 * The report page's subtitle writes both dates of its period alike: dd/mm/yyyy in Vietnamese,
 * YYYY-MM-DD in English (it mixed "1 January 2021" with "2021-12-31").
 */
import { Envelope, type Ids, Statistics } from "@dangvien/core"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import * as ReportPage from "../src/ReportPage.ts"

const province = "01JD3Q8Y7W0000000000000P01" as Ids.OrgId
const index = Statistics.make([
  Envelope.make(
    {
      id: "01JD3Q8Y7W00000000000000E1" as never,
      stream: `org-${province}` as never,
      schemaVersion: 1,
      recordedAt: "2000-01-01T09:00:00Z"
    },
    { type: "OrganizationFounded", occurredOn: "2000-01-01", data: { name: "Tỉnh", kind: "province", parentId: null } }
  )
])
const subtitle = (lang: "vi" | "en") => {
  const page = ReportPage.make(index, { org: province, orgName: "Tỉnh", year: 2021, asOf: "2021-09-30", lang })
  return Result.isSuccess(page) ? page.success.subtitle : String(page.failure)
}

describe("ReportPage: the period in the subtitle", () => {
  it("writes both dates alike", () => {
    expect(subtitle("vi")).toBe("Số liệu từ 01/01/2021 đến 30/09/2021, xây dựng lại từ lịch sử sự kiện (dangvien)")
    expect(subtitle("en")).toBe("Figures from 2021-01-01 to 2021-09-30, rebuilt from the event history (dangvien)")
  })
})
