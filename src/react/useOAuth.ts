import { oauthProviderUrl } from '../core/flows/oauth.js'
import { useRedirectMutation } from './useRedirectMutation.js'
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

/** What `useOAuth()` returns. */
export type UseOAuthResult = ReturnType<typeof useOAuth>
