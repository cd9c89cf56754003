import { completePasswordReset, requestPasswordReset } from '../core/flows/account.js'
import { completeResetWithPasskey, passkeysSupported } from '../core/flows/passkey.js'
import { useAuthMutation } from './useAuthMutation.js'
import { useRedirectMutation } from './useRedirectMutation.js'

/**
 * Forgotten passwords: `request` e-mails a link; when it comes back, core keeps what it carries (a
 * ticket, or the session Nhost's link opens) and `handleRedirect` answers `new-password`; `complete`
 * sets the new password with it (signing in where the link opened a session).
 *
 * @example
 * const reset = usePasswordReset()
 * await reset.request.mutateAsync({ email, redirectTo: `${location.origin}/reset` })
 * // on /reset:
 * const landed = await reset.handleRedirect.mutateAsync()
 * if (landed?.kind === 'new-password') await reset.complete.mutateAsync({ newPassword })
 * // or, where the link signed in (`useAuthClient().links.resetSession()`), a passkey instead:
 * await reset.withPasskey.mutateAsync({})
 */
export function usePasswordReset() {
  return {
    /** Whether this browser can make a passkey (for `withPasskey`). */
    isPasskeySupported: typeof window !== 'undefined' && passkeysSupported(),
    request: useAuthMutation((client, input: { email: string; redirectTo?: string | undefined }) => requestPasswordReset(client, input)),
    handleRedirect: useRedirectMutation(),
    complete: useAuthMutation((client, input: { newPassword: string; ticket?: string | undefined; email?: string | undefined; code?: string | undefined }) => completePasswordReset(client, input)),
    /** A passkey for the account instead of a new password, where the reset link signed in; then signed in. */
    withPasskey: useAuthMutation((client, input: { nickname?: string | undefined }) => completeResetWithPasskey(client, input)),
  }
}

/** What `usePasswordReset()` returns. */
export type UsePasswordResetResult = ReturnType<typeof usePasswordReset>
