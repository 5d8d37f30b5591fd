/**
 * Hono-style middleware composition without the framework: each step gets the request state and a
 * `next` that runs the rest of the chain, and may act before it, after it, or instead of it.
 */
export type Next = () => Promise<Response>;
export type Step<State> = (state: State, next: Next) => Promise<Response>;

export function compose<State>(steps: readonly Step<State>[], last: (state: State) => Promise<Response>) {
  return (state: State): Promise<Response> => {
    const run = (index: number): Promise<Response> =>
      index < steps.length ? steps[index](state, () => run(index + 1)) : last(state);
    return run(0);
  };
}
