import { deleteAccount } from '../core/flows/account.js'
import { useAuthMutation } from './useAuthMutation.js'

/**
 * Deletes the signed-in user's account; resolves `'deleted'` (this device is signed out too) or
 * `'confirm-by-email'`. The password is required where `backend.account.deleteNeedsPassword`.
 */
export function useDeleteAccount() {
  return { deleteAccount: useAuthMutation((client, input: { password?: string | undefined }) => deleteAccount(client, input)) }
}

/** What `useDeleteAccount()` returns. */
export type UseDeleteAccountResult = ReturnType<typeof useDeleteAccount>
