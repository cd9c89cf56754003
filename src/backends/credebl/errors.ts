import { AuthError, type AuthErrorCode } from '../kit/index.js'
import { codeForStatus } from '../kit/index.js'

// CREDEBL's errors: `{ statusCode, message, error }`, `message` a string or an array of validation
// messages (contracts §2). The message decides the code where one status means several things; only
// the message's known verdicts are kept as `serverCode`, never free text.
const BY_MESSAGE: ReadonlyArray<[RegExp, AuthErrorCode]> = [
  [/^User not found$/, 'invalid-email-password'],
  [/^Invalid Credentials$/, 'invalid-email-password'],
  // a sign-in for an address verified but whose account was never created: the platform asks Supabase
  [/^Invalid login credentials$/, 'invalid-email-password'],
  [/^Invalid Email Id!$/, 'invalid-request'],
  [/^Please verify your email$/, 'unverified-user'],
  [/^Email is not verified$/, 'unverified-user'],
  // the sign-up's last step (404) and a second verification e-mail (409) while the link is unopened
  [/^The verification link has already been sent/, 'unverified-user'],
  [/maximum number of allowed sessions/, 'too-many-sessions'],
  [/^Refresh token has expired$/, 'invalid-refresh-token'],
  [/^User session not found$/, 'invalid-refresh-token'],
  [/^User already exists$/, 'email-already-in-use'],
  [/^Email already verified$/, 'email-already-verified'],
  [/^Invalid verification code or EmailId!$/, 'invalid-ticket'],
  [/^Invalid or expired reset password link$/, 'invalid-ticket'],
  [/^New password should not be the current password$/, 'invalid-request'],
  [/^Authentication failed$/, 'unauthorized'],
]

/** A failed CREDEBL reply as an AuthError. */
export function credeblError(status: number, body: unknown): AuthError {
  const reply = body && typeof body === 'object' ? (body as { message?: unknown; error?: unknown }) : {}
  const message = typeof reply.message === 'string' ? reply.message : undefined
  const known = message ? BY_MESSAGE.find(([pattern]) => pattern.test(message)) : undefined
  // Keycloak's refusal of a refresh token, passed through as `error` (400 "Request failed with status code 400")
  const keycloak = reply.error && typeof reply.error === 'object' ? (reply.error as { error?: unknown }).error : undefined
  const code: AuthErrorCode =
    known?.[1] ??
    (keycloak === 'invalid_grant' ? 'invalid-refresh-token' : Array.isArray(reply.message) ? 'invalid-request' : codeForStatus(status))
  return new AuthError(code, `CREDEBL refused the request (${status})`, { status, serverCode: known ? message : typeof keycloak === 'string' ? keycloak : undefined })
}
