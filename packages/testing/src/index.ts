/**
 * @dangvien/testing — property-based testing for dangvien: fast-check arbitraries of valid member
 * and organisation histories (generated through the deciders), arbitraries of invalid commands per
 * refusing rule, and given/when/then decider specifications. Import modules as namespaces:
 * `import { MemberHistory, DeciderSpec } from "@dangvien/testing"`.
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
