import type { Session } from './types.js'

// What the browser and the token route (`keyward/server`'s `createTokenRoute`) say to each other: one
// POST per contract operation, `{ op: 'group.method', args }`, answered `{ result }` or `{ error }`.
// The session never travels as an argument: the browser sends a placeholder where the operation takes
// one, and the route puts in the session its httpOnly cookies hold.

/** The header every call to the route carries: a page on another site cannot send it without the route's consent (CORS). */
export const ROUTE_HEADER = 'x-keyward'
/** The route's own operation: the session the cookies hold, refreshed when due (a page load). */
export const RESTORE_OP = 'session.restore'
/** What stands in a browser-side session for the refresh token the route keeps (`route:` and a digest of it, never the token). */
export const ROUTE_REFRESH_PREFIX = 'route:'

const isSession = (value: object): value is Session => 'accessToken' in value && 'refreshToken' in value && 'user' in value

function encodeValue(value: unknown, depth: number): unknown {
  if (value instanceof Date) return { $date: value.toISOString() }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if (isSession(value)) return { $session: { expiresAt: value.accessTokenExpiresAt } }
    if (depth === 0) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, encodeValue(inner, depth + 1)]))
  }
  return value
}

/** The browser's side: an operation's arguments as they travel (sessions as placeholders, dates as ISO strings). */
export function encodeArgs(args: readonly unknown[]): unknown[] {
  return args.map((arg) => encodeValue(arg, 0))
}

/** A session placeholder: the expiry of the access token the browser holds (a newer one in the cookie was refreshed by another tab). */
export interface SessionPlaceholder {
  expiresAt: number | null
}

/** The route's side: the arguments back, each placeholder replaced by `session(placeholder)`. */
export function decodeArgs(args: unknown, session: (placeholder: SessionPlaceholder) => Session): unknown[] | null {
  if (!Array.isArray(args) || args.length > 8) return null
  const decode = (value: unknown, depth: number): unknown => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value
    const record = value as Record<string, unknown>
    if (typeof record.$date === 'string') return new Date(record.$date)
    if (record.$session && typeof record.$session === 'object') {
      const expiresAt = (record.$session as { expiresAt?: unknown }).expiresAt
      return session({ expiresAt: typeof expiresAt === 'number' && Number.isFinite(expiresAt) ? expiresAt : null })
    }
    return depth === 0 ? Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, decode(inner, depth + 1)])) : value
  }
  return args.map((arg) => decode(arg, 0))
}

/** Whether `value` is a session as the contract returns one (a result to keep in cookies). */
export function looksLikeSession(value: unknown): value is Session {
  return !!value && typeof value === 'object' && !Array.isArray(value) && isSession(value)
}
