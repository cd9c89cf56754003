import type { AuthClient } from '../client.js'
import { AuthError, AuthErrorCode, isTransient } from '../errors.js'
import type { Session } from '../types.js'
import { operation } from './support.js'

export type AuthRedirect =
  | { kind: 'signedIn'; type: string | null; session: Session; params: readonly string[] }
  | { kind: 'ticket'; type: string | null; ticket: string; email?: string | undefined; params: readonly string[] }
  /** The server verified the address and signed nobody in. */
  | { kind: 'verified'; type: string | null; params: readonly string[] }

/**
 * Handles the URL an e-mailed link, a magic link or an OAuth provider sent the user back to: a
 * refresh token becomes the session; an error becomes a thrown AuthError (`invalid-ticket`, …); a
 * ticket (a custom reset-password link) is returned for the next step. `null` when the URL carries
 * nothing for keyward. `params` are the query parameters to drop from the address bar.
 */
export function handleAuthRedirect(client: AuthClient, url: URL | string): Promise<AuthRedirect | null> {
  // Once per URL and client: a refresh token from a redirect is single-use (rotation revokes it,
  // and a replay revokes its family), yet StrictMode effects and re-renders may ask twice.
  let seen = handled.get(client)
  if (!seen) handled.set(client, (seen = new Map()))
  const key = String(url)
  let pending = seen.get(key)
  if (!pending) {
    const attempt = handle(client, key)
    seen.set(key, attempt)
    // a failure that says nothing about the link (offline, a 5xx) must not stick: let it be retried
    attempt.catch((error: unknown) => {
      if (isTransient(error)) seen.delete(key)
    })
    pending = attempt
  }
  return pending
}

const handled = new WeakMap<AuthClient, Map<string, Promise<AuthRedirect | null>>>()

/**
 * The query parameters of `url` that carry something for keyward (a token, a ticket, an error): what
 * to remove from the address bar, whether handling the URL succeeded or failed.
 */
export async function authRedirectParams(client: AuthClient, url: URL | string): Promise<readonly string[]> {
  const redirect = client.backend.redirect
  if (!redirect) return []
  try {
    return (await redirect.parse(new URL(String(url))))?.params ?? []
  } catch {
    return []
  }
}

async function handle(client: AuthClient, url: string): Promise<AuthRedirect | null> {
  const parse = operation(client, 'redirect', 'parse')
  let target: URL
  try {
    target = new URL(url)
  } catch {
    throw new AuthError(AuthErrorCode.InvalidInput, 'url must be an absolute URL')
  }
  const parsed = await parse(target)
  if (!parsed) return null
  if (parsed.kind === 'error') throw parsed.error
  // a link that lands with a ticket is the next step's (a reset form); the rest sign in
  if (parsed.kind === 'ticket') return parsed
  if (parsed.kind === 'verified') return { kind: 'verified', type: parsed.type, params: parsed.params }
  if (parsed.kind === 'verify-email') {
    const verify = operation(client, 'email', 'verify')
    const session = await verify({ token: parsed.token, ...(parsed.email ? { email: parsed.email } : {}) }, client.context())
    if (session) return { kind: 'signedIn', type: parsed.type, session: await client.adoptSession(session), params: parsed.params }
    return { kind: 'verified', type: parsed.type, params: parsed.params }
  }
  const finish = operation(client, 'redirect', 'finish')
  // what the `redirect` sign-in step kept (PKCE verifier, state, nonce): once, and only for its own state
  // (its own chunk, loaded by the client when a redirect step starts: imported the same way here)
  const state = parsed.kind === 'code' ? (await import('../redirect-state.js')).takeRedirectState(client.name, parsed.state) : null
  if (parsed.kind === 'code' && !state) {
    throw new AuthError(AuthErrorCode.InvalidTicket, 'This sign-in was not started here, or was already finished')
  }
  const session = await client.adoptSession(await finish(parsed, state, client.context()))
  return { kind: 'signedIn', type: parsed.type, session, params: parsed.params }
}

