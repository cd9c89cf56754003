import { changeEmail } from '../core/flows/account.js'
import { useAuthMutation } from './useAuthMutation.js'

/** Starts an e-mail change: a confirmation link goes to the new address. */
export function useChangeEmail() {
  return { changeEmail: useAuthMutation((client, input: { newEmail: string; redirectTo?: string | undefined }) => changeEmail(client, input)) }
}

/** What `useChangeEmail()` returns. */
export type UseChangeEmailResult = ReturnType<typeof useChangeEmail>
