import { AuthError, type AuthErrorCode } from '../kit/index.js'

// Medusa 1.20's errors: a plain-text `Unauthorized` with 401; otherwise JSON `{ type, message, code? }`
// (contracts §4). Only the type is kept, never the message (it may echo what was sent).
const BY_TYPE: Readonly<Record<string, AuthErrorCode>> = {
  duplicate_error: 'email-already-in-use',
  invalid_data: 'invalid-request',
  not_allowed: 'invalid-request',
}

/**
 * A failed Medusa reply as an AuthError. `unauthorized` is what a 401 means where it is asked: wrong
 * credentials on a sign-in, a session that has ended elsewhere.
 */
export function medusaError(status: number, body: unknown, unauthorized: AuthErrorCode = 'unauthorized'): AuthError {
  const type = body && typeof body === 'object' && typeof (body as { type?: unknown }).type === 'string' ? (body as { type: string }).type : undefined
  const code: AuthErrorCode =
    status === 401
      ? unauthorized
      : status === 429
        ? 'rate-limited'
        : ((type ? BY_TYPE[type] : undefined) ?? (status >= 500 ? 'internal-server-error' : type ? 'unknown-server-error' : 'invalid-request'))
  return new AuthError(code, `Medusa refused the request (${type ?? status})`, { status, serverCode: type })
}
