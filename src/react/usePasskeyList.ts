import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { PasskeyInfo } from '../core/backend.js'
import type { AuthError } from '../core/errors.js'
import { listPasskeys, removePasskey } from '../core/flows/devices.js'
import { useAuthClient } from './context.js'
import { useCapabilities } from './useCapabilities.js'
import { useAuthMutation } from './useAuthMutation.js'
import { useUser } from './useUser.js'

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

/** What `usePasskeyList()` returns. */
export type UsePasskeyListResult = ReturnType<typeof usePasskeyList>
