import type { DeviceSession } from '../core/backend.js'
import { listSessions, revokeSession } from '../core/flows/devices.js'
import { useCapabilities } from './useCapabilities.js'
import { useUserList } from './useUserList.js'

/**
 * The user's signed-in devices (where `capabilities.sessions`): a query, and `revoke` to sign one out.
 *
 * @example
 * const { sessions, revoke } = useSessions()
 * sessions.data?.map((s) => <button onClick={() => revoke.mutate(s.id)}>Sign out {s.description}</button>)
 */
export function useSessions() {
  const supported = useCapabilities().sessions
  const { query, remove } = useUserList<DeviceSession>('sessions', supported, listSessions, revokeSession)
  return { supported, sessions: query, revoke: remove }
}

/** What `useSessions()` returns. */
export type UseSessionsResult = ReturnType<typeof useSessions>
