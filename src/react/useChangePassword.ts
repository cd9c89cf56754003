import { changePassword } from '../core/flows/account.js'
import { useAuthMutation } from './useAuthMutation.js'

/**
 * Changes the signed-in user's password; elevates with a passkey first when the server asks.
 * `currentPassword` is required where `backend.password.changeNeedsCurrent` (better-auth).
 */
export function useChangePassword() {
  return { changePassword: useAuthMutation((client, input: { newPassword: string; currentPassword?: string | undefined }) => changePassword(client, input)) }
}

/** What `useChangePassword()` returns. */
export type UseChangePasswordResult = ReturnType<typeof useChangePassword>
