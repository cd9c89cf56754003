import type { AuthErrorCode } from '../../core/errors.js'

/**
 * The code for a refusal the adapter's own table does not name, from its status alone: shared by the
 * adapters whose servers answer without a code keyward knows (AuthHero's plain text, CREDEBL's messages,
 * Replyke's rate limiter).
 */
export function codeForStatus(status: number): AuthErrorCode {
  if (status === 429) return 'rate-limited'
  if (status >= 500) return 'internal-server-error'
  if (status === 401 || status === 403) return 'unauthorized'
  return status === 400 ? 'invalid-request' : 'unknown-server-error'
}
