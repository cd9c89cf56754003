import { passkeysSupported, signUpWithPasskey } from '../core/flows/passkey.js'
import { useAuthMutation } from './useAuthMutation.js'

/**
 * Creating an account with a passkey and no password (where `capabilities.passkeySignUp`): what a
 * sign-up page needs, without adding passkeys or elevation (`usePasskey()` has them all).
 */
export function usePasskeySignUp() {
  return {
    /** Whether this browser can use passkeys at all (false during a server render). */
    isSupported: typeof window !== 'undefined' && passkeysSupported(),
    /** Creates the account; resolves `null` when the e-mail must be verified first. */
    signUp: useAuthMutation((client, input: { email: string; displayName?: string | undefined; nickname?: string | undefined; redirectTo?: string | undefined }) =>
      signUpWithPasskey(client, input),
    ),
  }
}

/** What `usePasskeySignUp()` returns. */
export type UsePasskeySignUpResult = ReturnType<typeof usePasskeySignUp>
