import { AuthError, type AuthErrorCode } from '../kit/index.js'
import { codeForStatus } from '../kit/index.js'

// Replyke's errors: JSON `{ error, code, details? }`, or plain text (`Unauthorized` 401 without a token,
// `Forbidden` 403 for an invalid or expired one, the rate limiter's 429 message). Only the code is kept,
// never the text (it may echo what was sent).
const BY_CODE: Readonly<Record<string, AuthErrorCode>> = {
  // "wrong e-mail or password" either way: which one was wrong is not told
  'auth/wrong-password': 'invalid-email-password',
  'auth/no-user-found': 'invalid-email-password',
  'auth/invalid-credentials': 'invalid-email-password',
  'auth/missing-fields': 'invalid-request',
  // the session is over: signed out elsewhere, expired, or another project's
  'auth/refresh-token-invalid': 'invalid-refresh-token',
  'auth/invalid-refresh-token': 'invalid-refresh-token',
  'auth/refresh-token-mismatch': 'invalid-refresh-token',
  'auth/not-password-authenticated': 'invalid-request',
  'auth/missing-jwt': 'invalid-request',
  'auth/invalid-token': 'unauthorized',
  'auth/project-mismatch': 'unauthorized',
  'auth/missing-keys': 'disabled-endpoint',
}

/**
 * A failed Replyke reply as an AuthError. `duplicate` says what a sign-up's bare "Validation error"
 * means: the e-mail taken, where the sign-up sent no username (the only other unique field); with a
 * username the two cannot be told apart, and it stays a generic refusal.
 */
export function replykeError(status: number, body: unknown, duplicate?: AuthErrorCode): AuthError {
  const reply = body && typeof body === 'object' ? (body as { code?: unknown; details?: unknown }) : {}
  const serverCode = typeof reply.code === 'string' ? reply.code : undefined
  let code: AuthErrorCode | undefined = serverCode ? BY_CODE[serverCode] : undefined
  if (serverCode === 'auth/server-error' && reply.details === 'Validation error') code = duplicate ?? 'invalid-request'
  else if (serverCode === 'auth/server-error' && typeof reply.details === 'string' && reply.details.startsWith('Validation error')) code = 'invalid-request'
  code ??= codeForStatus(status)
  return new AuthError(code, `Replyke refused the request (${serverCode ?? status})`, { status, serverCode })
}
