// Codes that carry a server's verdict use the Nhost Auth vocabulary (kebab-case), whatever backend
// produced them: each adapter translates its server's errors into these. Codes keyward raises on its
// own, without a server verdict, are snake_case.
const CODES = [
  // server verdicts
  'invalid-request',
  'invalid-email-password',
  'email-already-in-use',
  'email-already-verified',
  'password-too-short',
  /** The password is long enough but too easy to guess (AuthHero's strength rules). */
  'password-too-weak',
  'password-in-hibp-database',
  'redirectTo-not-allowed',
  'unverified-user',
  'disabled-user',
  /** The account has as many sessions as the server allows (CREDEBL's SESSIONS_LIMIT): one must end first. */
  'too-many-sessions',
  'disabled-endpoint',
  'signup-disabled',
  'forbidden-anonymous',
  'user-not-anonymous',
  'invalid-refresh-token',
  'invalid-ticket',
  'invalid-totp',
  'invalid-otp',
  'invalid-pat',
  'disabled-mfa-totp',
  'no-totp-secret',
  'totp-already-active',
  'elevation-required',
  /**
   * The server knows no such passkey (removed from the account, or the account deleted): keyward tells
   * the browser (`PublicKeyCredential.signalUnknownCredential`) so it stops offering it.
   */
  'unknown-passkey',
  'unauthorized',
  /** The user or the provider refused a sign-in on the provider's page (OAuth's `access_denied`). */
  'access-denied',
  'rate-limited',
  /**
   * The auth server is not set up for this app — an origin, a callback URL, cookies across sites: the
   * error's `message` names the setting to change; the forms say only that sign-in is not set up.
   */
  'misconfigured',
  'internal-server-error',
  /** The server sent a code keyward does not know; see `AuthError.serverCode`. */
  'unknown-server-error',
  // raised by keyward itself
  'network_error',
  'timeout',
  'aborted',
  'invalid_response',
  'unsupported',
  'not_signed_in',
  'invalid_input',
  'passkey_cancelled',
  'passkey_unsupported',
  /** This authenticator already holds a passkey for the account. */
  'passkey_already_registered',
  /** The browser or authenticator failed the ceremony (wrong origin, a broken authenticator). */
  'passkey_failed',
] as const

export type AuthErrorCode = (typeof CODES)[number]

type PascalCase<S extends string> = S extends `${infer Head}${'-' | '_'}${infer Tail}`
  ? `${Capitalize<Head>}${PascalCase<Tail>}`
  : Capitalize<S>

/**
 * Every error code keyward raises, by name: `AuthErrorCode.InvalidEmailPassword` is
 * `'invalid-email-password'`, `AuthErrorCode.NetworkError` is `'network_error'`.
 */
export const AuthErrorCode = Object.freeze(
  Object.fromEntries(
    CODES.map((code) => [code.replace(/(^|[-_])(\w)/g, (_, __, letter: string) => letter.toUpperCase()), code]),
  ),
) as { readonly [C in AuthErrorCode as PascalCase<C>]: C }

/** Whether `code` is one of keyward's error codes. */
export const isAuthErrorCode = (code: string): code is AuthErrorCode => (CODES as readonly string[]).includes(code)

export interface AuthErrorOptions {
  status?: number | undefined
  cause?: unknown
  /** The error code exactly as the server sent it, when it differs from `code`. */
  serverCode?: string | undefined
  /** Milliseconds the server asked to wait before trying again (`Retry-After` on a 429 or 503). */
  retryAfter?: number | undefined
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
  /** Milliseconds the server asked to wait before trying again, when it said (`Retry-After`). */
  readonly retryAfter: number | undefined

  constructor(code: AuthErrorCode, message: string = code, options: AuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.status = options.status
    this.serverCode = options.serverCode
    this.retryAfter = options.retryAfter
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
