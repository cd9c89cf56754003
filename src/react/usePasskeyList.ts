import { useEffect } from 'react'
import type { PasskeyInfo } from '../core/backend.js'
import { listPasskeys, removePasskey, renamePasskey } from '../core/flows/devices.js'
import { withSignals } from '../core/flows/passkey-users.js'
import { useAuthClient } from './context.js'
import { useAuthMutation } from './useAuthMutation.js'
import { useCapabilities } from './useCapabilities.js'
import { useUser } from './useUser.js'
import { useUserList } from './useUserList.js'

/**
 * The user's passkeys (where `capabilities.passkeyManagement`), `remove` and `rename` (where
 * `capabilities.passkeyRename`). Where the browser has the Signal API, each listing tells the password
 * manager which passkeys the server accepts, and a changed address or name is passed on to it.
 */
export function usePasskeyList() {
  const capabilities = useCapabilities()
  const supported = capabilities.passkeyManagement
  const client = useAuthClient()
  const user = useUser()
  const { query, remove, refresh } = useUserList<PasskeyInfo>('passkeys', supported, listPasskeys, removePasskey)
  const rename = useAuthMutation(async (c, input: { id: string; nickname: string }) => {
    await renamePasskey(c, input)
    await refresh()
  })
  // the account page is where a changed address or name is seen: the passkeys follow it
  useEffect(() => {
    if (user && capabilities.passkeys) void withSignals('signalCurrentUserDetails', (signals) => signals.signalUserDetails(client, user))
  }, [client, user?.id, user?.email, user?.displayName, capabilities.passkeys]) // eslint-disable-line react-hooks/exhaustive-deps -- the fields the password manager shows
  return { supported, renamable: capabilities.passkeyRename, passkeys: query, remove, rename, refresh }
}

/** What `usePasskeyList()` returns. */
export type UsePasskeyListResult = ReturnType<typeof usePasskeyList>
