import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { AuthClient } from '../core/client.js'
import type { AuthError } from '../core/errors.js'
import { useAuthClient } from './context.js'
import { useAuthMutation } from './useAuthMutation.js'
import { useUser } from './useUser.js'

/**
 * A list the signed-in user owns (devices, passkeys), where the backend offers it: the query, keyed
 * by user, and an action that removes one entry and reads the list again. Shared by `useSessions()`
 * and `usePasskeyList()`.
 */
export function useUserList<T>(name: string, supported: boolean, list: (client: AuthClient) => Promise<T[]>, remove: (client: AuthClient, id: string) => Promise<void>) {
  const client = useAuthClient()
  const user = useUser()
  const queryClient = useQueryClient()
  const key = ['keyward', name, user?.id]
  const query = useQuery<T[], AuthError>({ queryKey: key, queryFn: () => list(client), enabled: supported && user !== null })
  const refresh = () => queryClient.invalidateQueries({ queryKey: key })
  const removeOne = useAuthMutation(async (c, id: string) => {
    await remove(c, id)
    await refresh()
  })
  return { query, remove: removeOne, refresh }
}
