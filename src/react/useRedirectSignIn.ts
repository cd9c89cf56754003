import { signInWithRedirect } from '../core/flows/oauth.js'
import { useRedirectMutation } from './useRedirectMutation.js'
import { useAuthMutation } from './useAuthMutation.js'

/**
 * Sign-in on the auth server's own page (`capabilities.redirectSignIn`: OpenID Connect, AuthHero):
 * `start` sends the browser there; `redirectTo` (default: this page, without its query) must be a
 * redirect URI the server knows. On that page, `handleCallback` finishes the sign-in (`<SignIn />`
 * does on its own).
 *
 * @example
 * const { start } = useRedirectSignIn()
 * <button onClick={() => start.mutate({})}>Continue with {backendName}</button>
 */
export function useRedirectSignIn() {
  return {
    start: useAuthMutation(async (client, options: { redirectTo?: string | undefined; signUp?: boolean | undefined }) =>
      window.location.assign((await signInWithRedirect(client, { redirectTo: options.redirectTo ?? `${location.origin}${location.pathname}`, signUp: options.signUp })).url),
    ),
    handleCallback: useRedirectMutation(),
  }
}
