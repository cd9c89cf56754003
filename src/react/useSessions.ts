import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { DeviceSession } from '../core/backend.js'
import type { AuthError } from '../core/errors.js'
import { listSessions, revokeSession } from '../core/flows/devices.js'
import { useAuthClient } from './context.js'
import { useCapabilities } from './useCapabilities.js'
import { useAuthMutation } from './useAuthMutation.js'
import { useUser } from './useUser.js'

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

/** What `useSessions()` returns. */
export type UseSessionsResult = ReturnType<typeof useSessions>
