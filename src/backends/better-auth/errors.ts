import { AuthError, AuthErrorCode } from '../kit/index.js'

const BY_STATUS: Record<number, AuthErrorCode> = {
  401: 'unauthorized',
  403: 'unauthorized',
  429: 'rate-limited',
}

/**
 * A failed better-auth reply as an AuthError, its code translated with `codes` (`ERROR_CODES`); only
 * the code is kept from the body, never its values.
 */
export function betterAuthError(status: number, body: unknown, codes: Readonly<Record<string, AuthErrorCode>>): AuthError {
  const serverCode = body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string' ? (body as { code: string }).code : undefined
  const mapped = serverCode ? codes[serverCode] : undefined
  const code: AuthErrorCode =
    mapped ?? (serverCode ? AuthErrorCode.UnknownServerError : (BY_STATUS[status] ?? (status >= 500 ? AuthErrorCode.InternalServerError : AuthErrorCode.InvalidRequest)))
  return new AuthError(code, `better-auth refused the request (${serverCode ?? status})`, {
    status,
    serverCode,
  })
}
