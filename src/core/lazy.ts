import { AuthError, AuthErrorCode } from './errors.js'

// How adapters and core load what most sign-ins never use (account flows, a crypto library): shared so that every adapter
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
