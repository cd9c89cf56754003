import type { AuthBackend, Capabilities } from '../backend.js'
import type { AuthClient } from '../client.js'
import { AuthError, AuthErrorCode, isAuthError } from '../errors.js'
import type { Session } from '../types.js'

type Group = 'mfa' | 'passkey' | 'password' | 'email' | 'passwordless' | 'anonymous' | 'pat' | 'oauth' | 'redirect' | 'sessions'

/**
 * The backend's flow group, or `AuthError('unsupported')` when the backend has none or its
 * capabilities lack the flow (`capability: null`: having the group is enough).
 */
export function flowGroup<G extends Group>(client: AuthClient, group: G, capability: keyof Capabilities | null): NonNullable<AuthBackend[G]> {
  const operations = client.backend[group]
  if (!operations || (capability !== null && !client.backend.capabilities[capability])) {
    throw new AuthError(AuthErrorCode.Unsupported, `The ${client.backend.id} backend does not support ${capability ?? group}`)
  }
  return operations as NonNullable<AuthBackend[G]>
}

/**
 * Runs `task` with the current session (its access token refreshed first when about to expire). A
 * 401 means the token died in between: refresh once and run again.
 */
export async function withSession<T>(client: AuthClient, task: (session: Session) => Promise<T>): Promise<T> {
  await client.getAccessToken()
  try {
    return await task(await client.requireSession())
  } catch (error) {
    if (!isAuthError(error, AuthErrorCode.Unauthorized)) throw error
    const session = await client.refresh()
    if (!session) throw error
    return task(session)
  }
}
