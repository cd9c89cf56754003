import { accountExists, changeEmail, changePassword, completePasswordReset, requestPasswordReset, sendVerificationEmail } from '../core/flows/account.js'
import { handleAuthRedirect } from '../core/flows/redirect.js'
import { useAuthMutation } from './useAuthMutation.js'

/**
 * What the link this page was opened with did (`mutate()`), or handles a link the app was given
 * (`mutate(url)`). Core reads the page's link when the client is created and handles it once; this
 * only asks for the outcome. (`useAuthLink()` follows the same link as it goes.)
 */
export function useRedirectMutation() {
  return useAuthMutation((client, url: string | URL | void) => handleAuthRedirect(client, url ?? undefined))
}

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
 */
export function usePasswordReset() {
  return {
    request: useAuthMutation((client, input: { email: string; redirectTo?: string | undefined }) => requestPasswordReset(client, input)),
    handleRedirect: useRedirectMutation(),
    complete: useAuthMutation((client, input: { newPassword: string; ticket?: string | undefined; email?: string | undefined }) => completePasswordReset(client, input)),
  }
}

/**
 * Changes the signed-in user's password; elevates with a passkey first when the server asks.
 * `currentPassword` is required where `backend.password.changeNeedsCurrent` (better-auth).
 */
export function useChangePassword() {
  return useAuthMutation((client, input: { newPassword: string; currentPassword?: string | undefined }) => changePassword(client, input))
}

/** Starts an e-mail change: a confirmation link goes to the new address. */
export function useChangeEmail() {
  return useAuthMutation((client, input: { newEmail: string; redirectTo?: string | undefined }) => changeEmail(client, input))
}

/**
 * E-mail verification: `send` (re)sends the link; `handleRedirect` answers what the page's link did
 * (`verified`, or `signedIn` where the system signs in and nobody was; its error otherwise:
 * `invalid-ticket` for an expired or used link).
 *
 * @example
 * const { handleRedirect } = useEmailVerification()
 * useEffect(() => { handleRedirect.mutate() }, [])
 */
export function useEmailVerification() {
  return {
    send: useAuthMutation((client, input: { email: string; redirectTo?: string | undefined }) => sendVerificationEmail(client, input)),
    handleRedirect: useRedirectMutation(),
  }
}

/**
 * Whether an account exists for an e-mail address, where the backend can tell
 * (`capabilities.accountLookup`; `unsupported` otherwise): for a sign-in that asks for the e-mail first.
 *
 * @example
 * const lookup = useAccountLookup()
 * const exists = await lookup.mutateAsync({ email })
 */
export function useAccountLookup() {
  return useAuthMutation((client, input: { email: string }) => accountExists(client, input))
}
