import { AuthError, AuthErrorCode } from './errors.js'

// How adapters load their code on demand (reply schemas, account flows): shared so that every adapter
// treats a chunk that cannot be loaded (offline, a new deployment) the same way.

/** Loads once; a load that fails is `AuthError('network_error')` and is tried again on the next call. */
export function loadOnce<T>(load: () => Promise<T>, what: string): () => Promise<T> {
  let loaded: Promise<T> | undefined
  return () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined
      throw new AuthError(AuthErrorCode.NetworkError, `Could not load ${what}`, { cause: error })
    }))
}

/**
 * A group's operations, listed by name (`'list revoke'`), each loading the flows on its first call and
 * forwarding to `flows[group][method]`. What is listed is what the backend offers (capabilities are
 * derived from it): each adapter's tests check the names against its flows module.
 */
export function lazyOperations<T>(flows: () => Promise<object>, group: string, methods: string): T {
  const forward = (method: string) => async (...args: unknown[]) =>
    ((await flows()) as Record<string, Record<string, (...a: unknown[]) => unknown>>)[group]![method]!(...args)
  return Object.fromEntries(methods.split(' ').map((method) => [method, forward(method)])) as T
}
