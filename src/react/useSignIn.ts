import { useMutation } from '@tanstack/react-query'
import type { PasswordCredentials, SignInResult } from '../core/backend.js'
import type { AuthError } from '../core/errors.js'
import { useAuthClient } from './context.js'

/**
 * Password sign-in. When the user has multi-factor authentication on, the result is
 * `{ kind: 'mfa', ticket }` and `mfaTicket` is set: finish with the MFA step.
 *
 * @example
 * const { signIn, isPending, error, mfaTicket } = useSignIn()
 * await signIn({ email, password })
 */
export function useSignIn() {
  const client = useAuthClient()
  const mutation = useMutation<SignInResult, AuthError, PasswordCredentials>({
    mutationFn: (credentials) => client.signInWithPassword(credentials),
  })
  const result = mutation.data
  return {
    ...mutation,
    /** Signs in; resolves with the result, rejects with an AuthError. */
    signIn: mutation.mutateAsync,
    /** Where the flow stands: `'mfa'` and `'verify-email'` need another step from the user. */
    step: result ? (result.kind === 'session' ? ('done' as const) : result.kind) : ('idle' as const),
    /** The ticket for the MFA step, when the server asked for one. */
    mfaTicket: result?.kind === 'mfa' ? result.ticket : null,
  }
}
