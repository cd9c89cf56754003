import { accountExists, changeEmail, changePassword, completePasswordReset, requestPasswordReset, sendVerificationEmail } from '../core/flows/account.js'
import { authRedirectParams, handleAuthRedirect } from '../core/flows/redirect.js'
import { cleanUrl, useAuthMutation } from './useAuthMutation.js'

/**
 * Handles the current (or given) redirect URL and removes what it carried from the address bar, on
 * success and on every failure: a token or ticket never stays in the address bar or the history. (To
 * try again after a network failure, pass the URL: `mutate(url)`.)
 */
export function useRedirectMutation() {
  return useAuthMutation(async (client, url: string | URL | void) => {
    const target = url ?? window.location.href
    try {
      const result = await handleAuthRedirect(client, target)
      if (result) cleanUrl(result.params)
      return result
    } catch (error) {
      cleanUrl(await authRedirectParams(client, target))
      throw error
    }
  })
}

/**
 * Forgotten passwords: `request` e-mails a link; the link comes back either signed in (the default
 * Nhost link) or with a `ticket` (a custom template): `handleRedirect` reads both; `complete` sets the
 * new password with the ticket, or as the signed-in user.
 *
 * @example
 * const reset = usePasswordReset()
 * await reset.request.mutateAsync({ email, redirectTo: `${location.origin}/reset` })
 * // on /reset:
 * const landed = await reset.handleRedirect.mutateAsync()
 * await reset.complete.mutateAsync({ newPassword, ticket: landed?.kind === 'ticket' ? landed.ticket : undefined })
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
 * E-mail verification: `send` (re)sends the link; `handleRedirect` consumes the `/verify` redirect
 * (signs the user in, or throws its error: `invalid-ticket` for an expired or used link) and cleans
 * the URL.
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
