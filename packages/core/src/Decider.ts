/**
 * The decider: `{ initialState, evolve, decide }` (Emmett's three fields). `decide` is pure: the
 * command, the state folded from the stream, and a `context` of facts from other streams that a rule
 * needs (fetched by the command handler) give the new events or a `RuleViolation` citing its rule.
 *
 * @since 0.1.0
 */
import type { Result } from "effect"
import type { EventId } from "./Ids.ts"
import type { RuleViolation } from "./RuleViolation.ts"

/**
 * An event as it was recorded: with its id and recording instant (what `evolve` needs to honour
 * retractions and annulments that refer to other events).
 *
 * @category models
 * @since 0.1.0
 */
export type Recorded<E> = E & { readonly id: EventId; readonly recordedAt: string }

/**
 * A decider of commands over one stream.
 *
 * @category models
 * @since 0.1.0
 */
export interface Decider<Command, Event, State, Context> {
  readonly initialState: State
  readonly evolve: (state: State, event: Recorded<Event>) => State
  readonly decide: (
    command: Command,
    state: State,
    context: Context
  ) => Result.Result<ReadonlyArray<Event>, RuleViolation>
}

/**
 * Folds recorded events into a state.
 *
 * @category folding
 * @since 0.1.0
 */
export const fold = <Event, State>(
  decider: { readonly initialState: State; readonly evolve: (state: State, event: Recorded<Event>) => State },
  events: Iterable<Recorded<Event>>,
  from: State = decider.initialState
): State => {
  let state = from
  for (const e of events) state = decider.evolve(state, e)
  return state
}
