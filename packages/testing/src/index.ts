/**
 * @dangvien/testing — property-based testing for dangvien: fast-check arbitraries of valid member
 * and organisation histories (generated through the deciders), arbitraries of invalid commands per
 * refusing rule, given/when/then decider specifications, and a seeded generator of whole province
 * histories at scale. Import modules as namespaces:
 * `import { MemberHistory, DeciderSpec, ProvinceHistory } from "@dangvien/testing"`.
 *
 * @since 0.1.0
 */

/** Given/when/then specifications of deciders. */
export * as DeciderSpec from "./DeciderSpec.ts"
/** Commands refused by each rule, with the valid history before them. */
export * as InvalidCommand from "./InvalidCommand.ts"
/** Valid member histories, generated through the member decider. */
export * as MemberHistory from "./MemberHistory.ts"
/** Valid organisation trees, generated through the organisation decider. */
export * as OrgHistory from "./OrgHistory.ts"
/** Personal data: Vietnamese names, ethnicities, birth dates, education. */
export * as Person from "./Person.ts"
/**
 * Synthetic histories of whole provinces (a district of 10,000 members up to the country's 5.6
 * million), deterministic by seed, streamed as NDJSON lines that `Import.run` accepts.
 */
export * as ProvinceHistory from "./ProvinceHistory.ts"
