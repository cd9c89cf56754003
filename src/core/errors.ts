/**
 * Every error code keyward raises.
 *
 * Codes that carry a server's verdict use the Nhost Auth vocabulary (kebab-case), whatever backend
 * produced them: each adapter translates its server's errors into these. Codes keyward raises on its
 * own, without a server verdict, are snake_case.
 */
export const AuthErrorCode = {
  // server verdicts
  InvalidRequest: 'invalid-request',
  InvalidEmailPassword: 'invalid-email-password',
  EmailAlreadyInUse: 'email-already-in-use',
  EmailAlreadyVerified: 'email-already-verified',
  PasswordTooShort: 'password-too-short',
  PasswordInHibpDatabase: 'password-in-hibp-database',
  RedirectToNotAllowed: 'redirectTo-not-allowed',
  UnverifiedUser: 'unverified-user',
  DisabledUser: 'disabled-user',
  DisabledEndpoint: 'disabled-endpoint',
  SignupDisabled: 'signup-disabled',
  ForbiddenAnonymous: 'forbidden-anonymous',
  UserNotAnonymous: 'user-not-anonymous',
  InvalidRefreshToken: 'invalid-refresh-token',
  InvalidTicket: 'invalid-ticket',
  InvalidTotp: 'invalid-totp',
  InvalidOtp: 'invalid-otp',
  InvalidPat: 'invalid-pat',
  DisabledMfaTotp: 'disabled-mfa-totp',
  NoTotpSecret: 'no-totp-secret',
  TotpAlreadyActive: 'totp-already-active',
  ElevationRequired: 'elevation-required',
  Unauthorized: 'unauthorized',
  RateLimited: 'rate-limited',
  ServerError: 'internal-server-error',
  /** The server sent an error code keyward does not know; see `AuthError.serverCode`. */
  Unknown: 'unknown-server-error',
  // raised by keyward itself
  NetworkError: 'network_error',
  Timeout: 'timeout',
  Aborted: 'aborted',
  InvalidResponse: 'invalid_response',
  Unsupported: 'unsupported',
  NotSignedIn: 'not_signed_in',
  InvalidInput: 'invalid_input',
  PasskeyCancelled: 'passkey_cancelled',
} as const

export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode]

export interface AuthErrorOptions {
  status?: number | undefined
  cause?: unknown
  /** The error code exactly as the server sent it, when it differs from `code`. */
  serverCode?: string | undefined
}

/**
 * The one error class keyward throws. Branch on `code`, never on `message`.
 *
 * @example
 * try { await client.signInWithPassword({ email, password }) }
 * catch (e) { if (e instanceof AuthError && e.code === 'invalid-email-password') showWrongPassword() }
 */
export class AuthError extends Error {
  override readonly name = 'AuthError'
  readonly code: AuthErrorCode
  readonly status: number | undefined
  readonly serverCode: string | undefined

  constructor(code: AuthErrorCode, message: string = code, options: AuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.status = options.status
    this.serverCode = options.serverCode
  }
}

export function isAuthError(value: unknown, code?: AuthErrorCode): value is AuthError {
  return value instanceof AuthError && (code === undefined || value.code === code)
}

/** Errors that say nothing about the session itself: the server was unreachable or failed. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof AuthError)) return false
  return (
    error.code === AuthErrorCode.NetworkError ||
    error.code === AuthErrorCode.Timeout ||
    error.code === AuthErrorCode.RateLimited ||
    error.code === AuthErrorCode.InvalidResponse ||
    (error.status !== undefined && error.status >= 500)
  )
}

/** Wraps anything thrown at a boundary into an AuthError without losing the original. */
export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error
  // by name, not instanceof: the DOMException may come from another realm (an iframe, jsdom)
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined
  if (name === 'TimeoutError') {
    return new AuthError(AuthErrorCode.Timeout, 'The request timed out', { cause: error })
  }
  if (name === 'AbortError') {
    return new AuthError(AuthErrorCode.Aborted, 'The request was aborted', { cause: error })
  }
  return new AuthError(AuthErrorCode.NetworkError, 'The server could not be reached', { cause: error })
}
