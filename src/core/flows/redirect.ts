import type { AuthClient } from '../client.js'
import type { AuthRedirect } from '../links.js'

export type { AuthRedirect, LinkStep } from '../links.js'

/**
 * What the link this page was opened with did (an e-mailed link, a magic link, a provider's return),
 * or, given a `url`, handles that link (a deep link, a test). Each link is handled once per client, by
 * core's rules (`docs/links.md`): its parameters leave the address bar before any request; a sign-in
 * link signs in; a verification confirms the address and leaves a signed-in session as it is; a reset
 * link answers `new-password` (then `completePasswordReset`). `null` when there was no link. Rejects
 * with the link's AuthError (`invalid-ticket` for a spent or expired link).
 *
 * @example
 * const landed = await handleAuthRedirect(client)
 * if (landed?.kind === 'new-password') showNewPasswordForm()
 */
export function handleAuthRedirect(client: AuthClient, url?: URL | string): Promise<AuthRedirect | null> {
  return url === undefined ? client.links.arrival() : client.links.handle(url)
}
