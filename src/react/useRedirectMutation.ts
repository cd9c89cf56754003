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
