import { oauthProviderUrl, signInWithRedirect } from '../core/flows/oauth.js'
import { useRedirectMutation } from './useAccount.js'
import { useAuthMutation } from './useAuthMutation.js'
import { useAuthClient } from './context.js'

/**
 * Social sign-in through the auth server's OAuth providers. `redirectTo` must be on the provider's
 * `allowedRedirects` (default: this origin) — checked before anything is requested.
 *
 * @example
 * const { signIn, handleCallback } = useOAuth()
 * <button onClick={() => signIn('github')}>Continue with GitHub</button>
 * // on the page the provider returns to:
 * useEffect(() => { handleCallback.mutate() }, [])
 */
export function useOAuth() {
  const client = useAuthClient()
  /** Sends the browser to the provider (`link`: to link it to the signed-in account). */
  const go =
    (link?: boolean) =>
    async (provider: string, options: { redirectTo?: string | undefined } = {}): Promise<void> =>
      window.location.assign(await oauthProviderUrl(client, provider, { ...options, link }))
  return {
    /** The provider URL, for a link of your own. */
    url: (provider: string, options: { redirectTo?: string | undefined; link?: boolean | undefined } = {}) => oauthProviderUrl(client, provider, options),
    /** Sends the browser to the provider. */
    signIn: go(),
    /** Links the provider to the signed-in account. */
    link: go(true),
    /** Handles the provider's redirect back (signs in) and cleans the URL. */
    handleCallback: useRedirectMutation(),
  }
}

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
