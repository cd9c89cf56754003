import type { DeviceSession } from '../core/backend.js'
import { listSessions, revokeSession, signOutOthers } from '../core/flows/devices.js'
import { useAuthMutation } from './useAuthMutation.js'
import { useCapabilities } from './useCapabilities.js'
import { useUserList } from './useUserList.js'

/**
 * The user's signed-in devices (where `capabilities.sessions`): a query, `revoke` to sign one out,
 * and `signOutOthers` to sign out every device but this one (where `capabilities.signOutOthers`,
 * which some backends offer without a list: Supabase).
 *
 * @example
 * const { sessions, revoke, signOutOthers } = useSessions()
 * sessions.data?.map((s) => <button onClick={() => revoke.mutate(s.id)}>Sign out {s.description}</button>)
 * <button onClick={() => signOutOthers.mutate()}>Sign out all other devices</button>
 */
export function useSessions() {
  const capabilities = useCapabilities()
  const supported = capabilities.sessions
  const { query, remove, refresh } = useUserList<DeviceSession>('sessions', supported, listSessions, revokeSession)
  const others = useAuthMutation(async (client) => {
    await signOutOthers(client)
    if (supported) await refresh()
  })
  return { supported, sessions: query, revoke: remove, othersSupported: capabilities.signOutOthers, signOutOthers: others }
}

/** What `useSessions()` returns. */
export type UseSessionsResult = ReturnType<typeof useSessions>
