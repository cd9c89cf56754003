import { keepRedirectState } from '../redirect-state.js'
import type { AuthClient } from '../client.js'
import { AuthError, AuthErrorCode } from '../errors.js'
import { fields, text } from '../input.js'
import { operation } from './support.js'
import { stopPasskeyAutofill } from '../autofill.js'

/** The URL of the provider's sign-in page; with `link: true`, links the provider to the signed-in user. */
export async function oauthProviderUrl(client: AuthClient, provider: string, input: { redirectTo?: string | undefined; link?: boolean | undefined } = {}): Promise<string> {
  const name = text(provider, 'provider', 64)
  const given = fields(input)
  if (given.link !== undefined && typeof given.link !== 'boolean') throw new AuthError(AuthErrorCode.InvalidInput, 'link must be a boolean')
  const providerUrl = operation(client, 'oauth', 'providerUrl')
  if (!given.link) stopPasskeyAutofill()
  // checked first: a redirect outside the allowlist never reaches the server
  const redirectTo = await client.checkRedirect((given.redirectTo as string | undefined) ?? (typeof location === 'undefined' ? undefined : location.href))
  // linking sends the access token itself (hasura-auth's `connect`): make sure it is a fresh one
  const session = given.link ? (await client.getAccessToken(), await client.requireSession()) : undefined
  const started = await providerUrl(name, { redirectTo, session }, client.context())
  if (typeof started === 'string') return started
  // what the way back needs (a PKCE verifier): kept in this tab until the provider sends the browser back
  keepRedirectState(client.name, started.state)
  return started.url
}

/**
 * Starts a sign-in on the auth server's own page (`capabilities.redirectSignIn`: OpenID Connect,
 * AuthHero): keeps what the way back needs (PKCE verifier, `state`, `nonce`) in this tab and answers
 * the URL to send the browser to; `handleAuthRedirect` on `redirectTo` finishes it. `signUp` asks for
 * the provider's sign-up page where it has one.
 */
export async function signInWithRedirect(client: AuthClient, input: { redirectTo?: string | undefined; signUp?: boolean | undefined } = {}): Promise<{ kind: 'redirect'; url: string }> {
  const given = fields(input)
  if (given.signUp !== undefined && typeof given.signUp !== 'boolean') throw new AuthError(AuthErrorCode.InvalidInput, 'signUp must be a boolean')
  const start = client.backend.signIn?.withRedirect
  if (!start) throw new AuthError(AuthErrorCode.Unsupported, `${client.backend.id} has no sign-in page of its own`)
  stopPasskeyAutofill()
  const redirectTo = await client.checkRedirect((given.redirectTo as string | undefined) ?? (typeof location === 'undefined' ? undefined : location.href))
  if (!redirectTo) throw new AuthError(AuthErrorCode.InvalidInput, 'redirectTo is required outside a browser')
  const result = await start.call(client.backend.signIn, { redirectTo, signUp: given.signUp === true }, client.context())
  if (result.kind !== 'redirect') throw new AuthError(AuthErrorCode.InvalidResponse, 'The sign-in page did not answer with a redirect')
  keepRedirectState(client.name, result.state)
  return { kind: 'redirect', url: result.url }
}
