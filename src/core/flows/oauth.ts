import type { AuthClient } from '../client.js'
import { AuthError, AuthErrorCode } from '../errors.js'
import { fields, text } from '../input.js'
import { operation } from './support.js'

/** The URL of the provider's sign-in page; with `link: true`, links the provider to the signed-in user. */
export async function oauthProviderUrl(client: AuthClient, provider: string, input: { redirectTo?: string | undefined; link?: boolean | undefined } = {}): Promise<string> {
  const name = text(provider, 'provider', 64)
  const given = fields(input)
  if (given.link !== undefined && typeof given.link !== 'boolean') throw new AuthError(AuthErrorCode.InvalidInput, 'link must be a boolean')
  const providerUrl = operation(client, 'oauth', 'providerUrl')
  // checked first: a redirect outside the allowlist never reaches the server
  const redirectTo = await client.checkRedirect((given.redirectTo as string | undefined) ?? (typeof location === 'undefined' ? undefined : location.href))
  // linking sends the access token itself (hasura-auth's `connect`): make sure it is a fresh one
  const session = given.link ? (await client.getAccessToken(), await client.requireSession()) : undefined
  return providerUrl(name, { redirectTo, session })
}
