import { useQueryClient } from '@tanstack/react-query'
import type { SignOutOptions } from '../core/backend.js'
import type { AuthError } from '../core/errors.js'
import { useAuthMutation } from './useAuthMutation.js'

/**
 * Signs out on this device, or on every device with `{ all: true }`. The local session always ends,
 * even offline; the app's cached queries are cleared so no signed-in data lingers.
 *
 * @example
 * const { signOut } = useSignOut()
 * <button onClick={() => signOut.mutate()}>Sign out</button>
 */
export function useSignOut() {
  const queryClient = useQueryClient()
  const signOut = useAuthMutation(async (client, options: SignOutOptions | void): Promise<{ serverError: AuthError | null }> => {
    const result = await client.signOut(options ?? {})
    queryClient.clear()
    return result
  })
  return { signOut }
}

/** What `useSignOut()` returns. */
export type UseSignOutResult = ReturnType<typeof useSignOut>
