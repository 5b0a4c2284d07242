import * as Calendar from "@dangvien/core/Calendar"
import * as Person from "@dangvien/core/Person"
import { Result, Schema } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as PersonArbitrary from "../src/Person.ts"
import { params } from "./params.ts"

const decode = Schema.decodeUnknownResult(Person.Person)

describe("Person.person", () => {
  it("generates valid personal data in the birth-date range", () => {
    fc.assert(
      fc.property(PersonArbitrary.person({ bornFrom: "1950-01-01", bornTo: "1990-12-31" }), (p) => {
        expect(Result.isSuccess(decode(p))).toBe(true)
        expect(Calendar.isValid(p.birthDate)).toBe(true)
        expect(p.birthDate >= "1950-01-01" && p.birthDate <= "1990-12-31").toBe(true)
        if (p.nationalId !== undefined) expect(p.nationalId).toMatch(/^\d{12}$/u)
        expect(p.fullName.trim()).toBe(p.fullName)
      }),
      params()
    )
  })

  it("is mostly Kinh and without religion, with minorities and religions present", () => {
    const people = fc.sample(PersonArbitrary.person(), { seed: params().seed, numRuns: 2000 })
    const kinh = people.filter((p) => !Person.isEthnicMinority(p)).length / people.length
    const religious = people.filter((p) => p.religion !== null).length / people.length
    expect(kinh).toBeGreaterThan(0.78)
    expect(kinh).toBeLessThan(0.92)
    expect(religious).toBeGreaterThan(0.03)
    expect(religious).toBeLessThan(0.2)
    const groups = new Set(people.map(Person.ethnicityOf))
    for (const group of ["Tày", "Thái", "Mường", "Khmer", "Mông"]) expect(groups).toContain(group)
  })

  it("names people in the style of their ethnic group", () => {
    const [hmong] = fc.sample(PersonArbitrary.fullName("Mông", "male"), { seed: 1, numRuns: 1 })
    expect(hmong).toMatch(/^\S+ A \S+$/u)
    const [ede] = fc.sample(PersonArbitrary.fullName("Ê Đê", "female"), { seed: 1, numRuns: 1 })
    expect(ede).toMatch(/^H'/u)
  })
})
