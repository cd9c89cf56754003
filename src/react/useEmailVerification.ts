import { sendVerificationEmail } from '../core/flows/account.js'
import { useAuthMutation } from './useAuthMutation.js'
import { useRedirectMutation } from './useRedirectMutation.js'

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

/** What `useEmailVerification()` returns. */
export type UseEmailVerificationResult = ReturnType<typeof useEmailVerification>
