import type { AuthBackend, OperationGroup } from '../backend.js'
import type { AuthClient } from '../client.js'
import { AuthError, AuthErrorCode, isAuthError } from '../errors.js'
import type { Session } from '../types.js'

type Group = OperationGroup
type Operations<G extends Group> = NonNullable<AuthBackend[G]>
type Method<G extends Group> = { [M in keyof Operations<G>]-?: NonNullable<Operations<G>[M]> extends (...args: never[]) => unknown ? M : never }[keyof Operations<G>]

/** The backend's `group.method`, bound to its group, or `AuthError('unsupported')` when it has none. */
export function operation<G extends Group, M extends Method<G>>(client: AuthClient, group: G, method: M): NonNullable<Operations<G>[M]> {
  const operations = client.backend[group] as Record<PropertyKey, unknown> | undefined
  const fn = operations?.[method]
  if (typeof fn !== 'function') {
    throw new AuthError(AuthErrorCode.Unsupported, `The ${client.backend.id} backend has no ${group}.${String(method)}`)
  }
  return fn.bind(operations) as NonNullable<Operations<G>[M]>
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
