import { useMutation } from '@tanstack/react-query'
import { useRef } from 'react'
import type { PasswordCredentials, SignInResult } from '../core/backend.js'
import { AuthError, AuthErrorCode } from '../core/errors.js'
import { verifyTotp } from '../core/flows/mfa-verify.js'
import type { Session } from '../core/types.js'
import { useAuthClient } from './context.js'

/**
 * Password sign-in. When the user has multi-factor authentication on, the result is
 * `{ kind: 'mfa', methods }` (with a `ticket` where the server hands one over), `step` is `'mfa'`,
 * and `verifyTotp(code)` finishes the sign-in (a backup code: the `verifyBackupCode` flow).
 *
 * @example
 * const { signIn, step, verifyTotp, isPending, error } = useSignIn()
 * const result = await signIn({ email, password })
 * if (result.kind === 'mfa') await verifyTotp(codeFromApp)
 */
export function useSignIn() {
  const client = useAuthClient()
  // kept outside render state: verifyTotp may be called right after signIn resolves, before a re-render.
  // `null` when no sign-in waits for a second factor; the ticket inside only where the server gave one.
  const pending = useRef<{ ticket?: string | undefined } | null>(null)
  const mutation = useMutation<SignInResult, AuthError, PasswordCredentials>({
    mutationFn: async (credentials) => {
      const result = await client.signInWithPassword(credentials)
      pending.current = result.kind === 'mfa' ? { ticket: result.ticket } : null
      return result
    },
  })
  const result = mutation.data
  const mfaTicket = result?.kind === 'mfa' ? (result.ticket ?? null) : null
  const waiting = () => {
    if (!pending.current) throw new AuthError(AuthErrorCode.InvalidInput, 'Sign in with the password first')
    return pending.current
  }
  const totp = useMutation<Session, AuthError, string>({
    mutationFn: async (code) => verifyTotp(client, { ...waiting(), code }),
  })
  return {
    ...mutation,
    /** Signs in; resolves with the result, rejects with an AuthError. */
    signIn: mutation.mutateAsync,
    /** Where the flow stands: `'mfa'` and `'verify-email'` need another step from the user. */
    step: totp.isSuccess ? ('done' as const) : result ? (result.kind === 'session' ? ('done' as const) : result.kind) : ('idle' as const),
    /** The ticket for the MFA step, where the server hands one over (`null` otherwise). */
    mfaTicket,
    /** The second factors the server offers in the MFA step. */
    mfaMethods: result?.kind === 'mfa' ? result.methods : [],
    /** Finishes an MFA sign-in with the code from the authenticator app (`invalid-totp`, `invalid-ticket`). */
    verifyTotp: totp.mutateAsync,
    /** The state of the MFA step: `isPending`, `error`, `reset`. */
    totp,
  }
}
