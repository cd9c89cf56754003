import { AuthError, AuthErrorCode } from '../../core/errors.js'

// better-auth's error codes (upper snake case, in `{ code, message }`) in keyward's vocabulary.
// A code not listed here becomes `unknown-server-error` with the server's code in `serverCode`.
const CODES: Record<string, AuthErrorCode> = {
  INVALID_EMAIL_OR_PASSWORD: 'invalid-email-password',
  INVALID_PASSWORD: 'invalid-email-password',
  USER_ALREADY_EXISTS: 'email-already-in-use',
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: 'email-already-in-use',
  PASSWORD_TOO_SHORT: 'password-too-short',
  EMAIL_NOT_VERIFIED: 'unverified-user',
  EMAIL_ALREADY_VERIFIED: 'email-already-verified',
  INVALID_TOKEN: 'invalid-ticket',
  TOKEN_EXPIRED: 'invalid-ticket',
  INVALID_CODE: 'invalid-totp',
  INVALID_BACKUP_CODE: 'invalid-totp',
  INVALID_OTP: 'invalid-otp',
  OTP_EXPIRED: 'invalid-otp',
  TOO_MANY_ATTEMPTS: 'rate-limited',
  SESSION_EXPIRED: 'elevation-required',
  SESSION_NOT_FRESH: 'elevation-required',
  INVALID_EMAIL: 'invalid-request',
  VALIDATION_ERROR: 'invalid-request',
  MISSING_FIELD: 'invalid-request',
  INVALID_CALLBACK_URL: 'redirectTo-not-allowed',
  INVALID_REDIRECT_URL: 'redirectTo-not-allowed',
}

const BY_STATUS: Record<number, AuthErrorCode> = {
  401: 'unauthorized',
  403: 'unauthorized',
  429: 'rate-limited',
}

/** A failed better-auth reply as an AuthError; only the code is kept from the body, never its values. */
export function betterAuthError(status: number, body: unknown): AuthError {
  const serverCode = body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string' ? (body as { code: string }).code : undefined
  const mapped = serverCode ? CODES[serverCode] : undefined
  const code: AuthErrorCode =
    mapped ?? (serverCode ? AuthErrorCode.UnknownServerError : (BY_STATUS[status] ?? (status >= 500 ? AuthErrorCode.InternalServerError : AuthErrorCode.InvalidRequest)))
  return new AuthError(code, `better-auth refused the request (${serverCode ?? status})`, {
    status,
    serverCode,
  })
}
