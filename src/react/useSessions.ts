import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { DeviceSession, PasskeyInfo } from '../core/backend.js'
import type { AuthError } from '../core/errors.js'
import { listPasskeys, listSessions, removePasskey, revokeSession } from '../core/flows/devices.js'
import { useAuthClient } from './context.js'
import { useCapabilities } from './useCapabilities.js'
import { useAuthMutation } from './useAuthMutation.js'
import { useUser } from './useSession.js'

/**
 * The user's signed-in devices (where `capabilities.sessions`): a query, and `revoke` to sign one out.
 *
 * @example
 * const { sessions, revoke } = useSessions()
 * sessions.data?.map((s) => <button onClick={() => revoke.mutate(s.id)}>Sign out {s.description}</button>)
 */
export function useSessions() {
  const client = useAuthClient()
  const user = useUser()
  const queryClient = useQueryClient()
  const supported = useCapabilities().sessions
  const enabled = supported && user !== null
  const key = ['keyward', 'sessions', user?.id]
  const sessions = useQuery<DeviceSession[], AuthError>({ queryKey: key, queryFn: () => listSessions(client), enabled })
  const revoke = useAuthMutation(async (c, id: string) => {
    await revokeSession(c, id)
    await queryClient.invalidateQueries({ queryKey: key })
  })
  return { supported, sessions, revoke }
}

/** The user's passkeys (where `capabilities.passkeyManagement`), and `remove`. */
export function usePasskeyList() {
  const client = useAuthClient()
  const user = useUser()
  const queryClient = useQueryClient()
  const supported = useCapabilities().passkeyManagement
  const enabled = supported && user !== null
  const key = ['keyward', 'passkeys', user?.id]
  const passkeys = useQuery<PasskeyInfo[], AuthError>({ queryKey: key, queryFn: () => listPasskeys(client), enabled })
  const remove = useAuthMutation(async (c, id: string) => {
    await removePasskey(c, id)
    await queryClient.invalidateQueries({ queryKey: key })
  })
  return { supported, passkeys, remove, refresh: () => queryClient.invalidateQueries({ queryKey: key }) }
}
