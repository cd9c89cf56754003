import { AuthError, AuthErrorCode } from './errors.js'
import type { Session } from './types.js'

// Checks at the public boundary: every public function checks its arguments before any request, and
// refuses with `AuthError('invalid_input')` naming the field (never echoing the value). Limits: 1 kB
// for an e-mail address or an identifier, 4 kB for a password, 64 kB of JSON for metadata.

const invalid = (field: string, what: string) => new AuthError(AuthErrorCode.InvalidInput, `${field} ${what}`)

/** The argument object of a public function. */
export function fields(value: unknown, field = 'input'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field, 'must be an object')
  return value as Record<string, unknown>
}

/** A non-blank string of at most `max` characters; trimmed unless `exact` (passwords). */
export function text(value: unknown, field: string, max = 1024, exact = false): string {
  if (typeof value !== 'string') throw invalid(field, 'must be a string')
  if (!value.trim()) throw invalid(field, 'is required')
  if (value.length > max) throw invalid(field, `is longer than ${max} characters`)
  return exact ? value : value.trim()
}

/** Like `text`, but absent (`undefined`) is allowed. */
export const optionalText = (value: unknown, field: string, max = 1024): string | undefined =>
  value === undefined ? undefined : text(value, field, max)

/** An e-mail address: `local@domain`, no spaces, at most 1 kB. */
export function email(value: unknown, field = 'email'): string {
  const address = text(value, field)
  if (!/^[^\s@]+@[^\s@]+$/.test(address)) throw invalid(field, 'is not an e-mail address')
  return address
}

/** A password, kept exactly as typed (spaces included), at most 4 kB. */
export const password = (value: unknown, field = 'password'): string => text(value, field, 4096, true)

/** Metadata: a plain object of at most 64 kB of JSON, or absent. */
export function metadata(value: unknown, field = 'metadata'): Record<string, unknown> | undefined {
  if (value === undefined) return undefined
  const object = fields(value, field)
  let json: string
  try {
    json = JSON.stringify(object)
  } catch {
    throw invalid(field, 'must be JSON')
  }
  if (json.length > 65_536) throw invalid(field, 'is larger than 64 kB')
  return object
}

/** Values for the backend's `signUpFields`: only the names it declares, text, and every required one. */
export function signUpFields(value: unknown, declared: readonly { name: string; required: boolean }[] = []): Record<string, string> | undefined {
  if (value === undefined && !declared.some((field) => field.required)) return undefined
  const given = fields(value ?? {}, 'fields')
  const known = new Set(declared.map((field) => field.name))
  for (const name of Object.keys(given)) if (!known.has(name)) throw invalid(`fields.${name}`, 'is not a sign-up field of this backend')
  const result: Record<string, string> = {}
  for (const field of declared) {
    const text = optionalText(given[field.name], `fields.${field.name}`, 256)?.trim()
    if (text) result[field.name] = text
    else if (field.required) throw invalid(`fields.${field.name}`, 'is required')
  }
  return result
}

const nullableText = (value: unknown, field: string, max = 64 * 1024): string | null =>
  value === null || value === undefined ? null : text(value, field, max, true)

/**
 * A `Session` given by the caller (`adoptSession`): an object with a token, a finite expiry or `null`,
 * a user with an `id` or `null`; then `received` (the client's own check of a session), whose refusal
 * is the caller's mistake too.
 */
export function session(value: unknown, received: (session: Session) => Session): Session {
  const given = fields(value, 'session')
  const expiresAt = given.accessTokenExpiresAt ?? null
  if (expiresAt !== null && (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt))) throw invalid('session.accessTokenExpiresAt', 'must be a finite number or null')
  const user = given.user ?? null
  if (user !== null && (typeof user !== 'object' || Array.isArray(user) || typeof (user as { id?: unknown }).id !== 'string')) {
    throw invalid('session.user', 'must be a user with an id, or null')
  }
  const checked = {
    ...given,
    accessToken: nullableText(given.accessToken, 'session.accessToken'),
    refreshToken: nullableText(given.refreshToken, 'session.refreshToken'),
    accessTokenExpiresAt: expiresAt,
    sessionId: nullableText(given.sessionId, 'session.sessionId', 1024),
    idToken: nullableText(given.idToken, 'session.idToken'),
    user: user as Session['user'],
  }
  try {
    return received(checked)
  } catch (error) {
    if (error instanceof AuthError) throw new AuthError(AuthErrorCode.InvalidInput, `session: ${error.message}`)
    throw error
  }
}
