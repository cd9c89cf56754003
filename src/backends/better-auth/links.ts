import type { RedirectResult } from '../kit/index.js'
import { AuthError, AuthErrorCode } from '../kit/index.js'
import { markedPurpose } from '../kit/index.js'

// better-auth sends the browser to the app with nothing of its own but `?token=` (a reset) or
// `?error=` (a spent link): the adapter marks every callback URL it hands the server with `keyward=<purpose>`,
// and only a marked page is read as a link.

/** Reads a page better-auth sent the browser back to (only a page the adapter marked). */
export function parseBetterAuthLink(url: URL): RedirectResult | null {
  const purpose = markedPurpose(url)
  if (!purpose) return null
  const params = ['token', 'error']
  if (url.searchParams.has('error')) {
    return { kind: 'error', purpose, params, error: new AuthError(AuthErrorCode.InvalidTicket, 'The link is invalid or has expired', { serverCode: url.searchParams.get('error') ?? undefined }) }
  }
  if (purpose === 'reset-password') {
    const token = url.searchParams.get('token')
    return token ? { kind: 'ticket', ticket: token, purpose, params } : null
  }
  // a magic link signed the browser in with the server's cookie; a verification may have too
  // (`autoSignInAfterVerification`): `finish` reads the cookie's session, if any
  return { kind: 'server-session', purpose, params }
}
