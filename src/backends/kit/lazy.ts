/**
 * A group's operations whose code loads on first call (for what most sign-ins never use): each named
 * method forwards to the method of the same name on the group `load` resolves to. The names are
 * checked against the loaded group's type — a name it does not have does not compile — and what is
 * listed is what the backend offers (capabilities are derived from it).
 *
 * @example
 * const flows = loadOnce(() => import('./flows.js').then((m) => m.accountFlows(api)), 'the account flows')
 * const devices = lazyGroup(() => flows().then((f) => f.devices), ['list', 'revoke'])
 */
export function lazyGroup<G extends object, const K extends keyof G & string>(load: () => Promise<G>, methods: readonly K[]): Pick<G, K> {
  const forward =
    (method: K) =>
    async (...args: unknown[]): Promise<unknown> => {
      const group = await load()
      return (group[method] as (...a: unknown[]) => unknown).apply(group, args)
    }
  return Object.fromEntries(methods.map((method) => [method, forward(method)])) as unknown as Pick<G, K>
}
