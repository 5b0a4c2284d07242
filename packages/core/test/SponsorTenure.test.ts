import { assert, describe, it } from "@effect/vitest"
import * as OrganizationRegistry from "../src/OrganizationRegistry.ts"
import * as SponsorTenure from "../src/SponsorTenure.ts"
import { founded, life, member, org } from "./fixtures/world.ts"

// A province; a grassroots committee with two cells; a grassroots cell elsewhere.
const P = org(301)
const G = org(302)
const C1 = org(303)
const C2 = org(304)
const X = org(305)
const registry = OrganizationRegistry.make([
  founded(P, "province", null),
  founded(G, "grassrootsCommittee", P),
  founded(C1, "cell", G),
  founded(C2, "cell", G),
  founded(X, "grassrootsCell", P)
])

describe("SponsorTenure (ADM-05: a sponsor's time in the applicant's grassroots organisation)", () => {
  const roster = life(member(31)).imported("2015-01-01", X, { admittedOn: "1990-01-01" })
  const moved = roster
    .add("TransferredOut", "2020-03-01", { kind: "official", toOrgId: C1 })
    .add("TransferredIn", "2020-03-10", { orgId: C1 })
    .add("TransferredOut", "2022-05-01", { kind: "official", toOrgId: C2 })
    .add("TransferredIn", "2022-05-05", { orgId: C2 })

  it("stintsOf: the opening roster from before the records, then each transit and arrival from its day", () => {
    assert.deepStrictEqual(SponsorTenure.stintsOf(moved.envelopes as never), [
      { org: X, since: SponsorTenure.beforeRecords },
      { org: undefined, since: "2020-03-01" },
      { org: C1, since: "2020-03-10" },
      { org: undefined, since: "2022-05-01" },
      { org: C2, since: "2022-05-05" }
    ])
  })

  it("sameGrassrootsSince: from the arrival in the grassroots organisation, whatever its cell; nothing if elsewhere", () => {
    const stints = SponsorTenure.stintsOf(moved.envelopes as never)
    // An applicant of cell C1 in 2023: the sponsor is in C2 of the same committee — since the arrival
    // there, as the days in transit between the cells were out of any branch.
    assert.strictEqual(SponsorTenure.sameGrassrootsSince(registry, stints, C1, "2023-01-01"), "2022-05-05")
    // In 2021, in C1 itself since 2020-03-10.
    assert.strictEqual(SponsorTenure.sameGrassrootsSince(registry, stints, C2, "2021-01-01"), "2020-03-10")
    // Before the move to G, the sponsor was elsewhere.
    assert.isUndefined(SponsorTenure.sameGrassrootsSince(registry, stints, C1, "2019-01-01"))
    // An applicant of the grassroots cell X: the roster's time there counts from before the records.
    const rosterStints = SponsorTenure.stintsOf(roster.envelopes as never)
    assert.strictEqual(
      SponsorTenure.sameGrassrootsSince(registry, rosterStints, X, "2019-01-01"),
      SponsorTenure.beforeRecords
    )
    assert.isUndefined(SponsorTenure.sameGrassrootsSince(registry, stints, undefined, "2023-01-01"))
  })
})
