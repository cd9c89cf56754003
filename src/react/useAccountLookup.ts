import { accountExists } from '../core/flows/account.js'
import { useAuthMutation } from './useAuthMutation.js'

/**
 * Whether an account exists for an e-mail address, where the backend can tell
 * (`capabilities.accountLookup`; `unsupported` otherwise): for a sign-in that asks for the e-mail first.
 *
 * @example
 * const { accountExists } = useAccountLookup()
 * const exists = await accountExists.mutateAsync({ email })
 */
export function useAccountLookup() {
  return { accountExists: useAuthMutation((client, input: { email: string }) => accountExists(client, input)) }
}

/** What `useAccountLookup()` returns. */
export type UseAccountLookupResult = ReturnType<typeof useAccountLookup>
