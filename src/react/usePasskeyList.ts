import type { PasskeyInfo } from '../core/backend.js'
import { listPasskeys, removePasskey } from '../core/flows/devices.js'
import { useCapabilities } from './useCapabilities.js'
import { useUserList } from './useUserList.js'

/** The user's passkeys (where `capabilities.passkeyManagement`), and `remove`. */
export function usePasskeyList() {
  const supported = useCapabilities().passkeyManagement
  const { query, remove, refresh } = useUserList<PasskeyInfo>('passkeys', supported, listPasskeys, removePasskey)
  return { supported, passkeys: query, remove, refresh }
}

/** What `usePasskeyList()` returns. */
export type UsePasskeyListResult = ReturnType<typeof usePasskeyList>
