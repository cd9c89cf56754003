import { AuthError, codeForStatus, type AuthErrorCode } from '../kit/index.js'

// Auth.js answers a refused POST with where it would have sent the browser: its sign-in or error page
// with `?error=<type>` (and `&code=` for a Credentials refusal), packages/core/src/errors.ts' types.
const BY_TYPE: Readonly<Record<string, AuthErrorCode>> = {
  CredentialsSignin: 'invalid-email-password',
  AccessDenied: 'access-denied',
  // a spent or expired e-mail link
  Verification: 'invalid-ticket',
  WebAuthnVerificationError: 'passkey_failed',
  // the CSRF cookie and token did not match (read and retried once by the adapter)
  MissingCSRF: 'invalid-request',
  InvalidProvider: 'misconfigured',
  MissingAdapter: 'misconfigured',
  UnsupportedStrategy: 'misconfigured',
  Configuration: 'misconfigured',
  EmailSignInError: 'internal-server-error',
}

/** The `error` type on a URL Auth.js answered with, or `null` where it answered a success. */
export function refusalOf(url: string): string | null {
  try {
    return new URL(url, 'http://x').searchParams.get('error')
  } catch {
    return 'invalid-url'
  }
}

/** An Auth.js refusal type (`?error=`) as an AuthError; only the type is kept. */
export function authJsRefusal(type: string, status = 200): AuthError {
  const code = BY_TYPE[type] ?? 'unknown-server-error'
  const message =
    code === 'misconfigured' ? `Auth.js is not set up for this (${type}): check the provider ids given to authJs() and the server's adapter and session strategy` : `Auth.js refused the request (${type})`
  return new AuthError(code, message, { status, serverCode: type })
}

/** A non-2xx reply (a proxy's, Auth.js's 400 for an unknown action) by its status. */
export const authJsError = (status: number): AuthError => new AuthError(codeForStatus(status), `Auth.js refused the request (${status})`, { status })
