import { AuthError, AuthErrorCode, isAuthErrorCode } from '../kit/index.js'

/**
 * Translates a Nhost error reply (`{ status, message, error }`) into an AuthError. keyward's server
 * codes are Nhost's own, so known codes pass through; codes added by newer servers become
 * `unknown-server-error` with the original kept in `serverCode`.
 */
export function nhostError(status: number, body: unknown): AuthError {
  // `{ status?, message?, error }`, checked by hand: error replies must not pull the reply schemas in
  const reply = typeof body === 'object' && body !== null ? (body as { error?: unknown; message?: unknown }) : {}
  const serverCode = typeof reply.error === 'string' ? reply.error : undefined
  const message = serverCode !== undefined && typeof reply.message === 'string' && reply.message ? reply.message.slice(0, 200) : `Auth server answered ${status}`
  // the reply itself is not kept: the status and the server's code say what it said
  const options = { status, serverCode }

  if (status === 429) return new AuthError(AuthErrorCode.RateLimited, 'Too many requests', options)
  if (serverCode === 'request-validation-error') return new AuthError(AuthErrorCode.InvalidRequest, message, options)
  if (status === 403 && serverCode?.toLowerCase().includes('elevated')) {
    return new AuthError(AuthErrorCode.ElevationRequired, 'Elevation required', options)
  }
  // an invalid or expired access token: hasura-auth has no dedicated code for it
  if (status === 401 && (!serverCode || serverCode === 'invalid-request' || serverCode === 'unauthorized')) {
    return new AuthError(AuthErrorCode.Unauthorized, message, options)
  }
  if (serverCode && isAuthErrorCode(serverCode)) return new AuthError(serverCode, message, options)
  if (status >= 500) return new AuthError(AuthErrorCode.InternalServerError, message, options)
  return new AuthError(AuthErrorCode.UnknownServerError, message, options)
}
