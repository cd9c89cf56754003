import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { SignOutOptions } from '../core/backend.js'
import type { AuthError } from '../core/errors.js'
import { useAuthClient } from './context.js'

/**
 * Signs out on this device, or on every device with `{ all: true }`. The local session always ends,
 * even offline; the app's cached queries are cleared so no signed-in data lingers.
 *
 * @example
 * const { signOut } = useSignOut()
 * <button onClick={() => signOut()}>Sign out</button>
 */
export function useSignOut() {
  const client = useAuthClient()
  const queryClient = useQueryClient()
  const mutation = useMutation<{ serverError: AuthError | null }, AuthError, SignOutOptions | void>({
    mutationFn: async (options) => {
      const result = await client.signOut(options ?? {})
      queryClient.clear()
      return result
    },
  })
  return { ...mutation, signOut: mutation.mutateAsync }
}

/** What `useSignOut()` returns. */
export type UseSignOutResult = ReturnType<typeof useSignOut>
