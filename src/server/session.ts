import { parseCookieHeader, readChunked, SESSION_COOKIE } from '../core/cookies.js'
import { parseStoredSession } from '../core/persistence.js'
import type { Session } from '../core/types.js'
import { REFRESH_COOKIE, refreshMarker } from './token-route.js'
import type { SessionCheck } from './verify.js'

/** A request, or its headers (Next.js server components: `await headers()`). */
export type SessionSource = Request | { get(name: string): string | null }

export interface GetSessionOptions {
  /** How the session is trusted: `verifyJwt({ jwks })` for signed tokens, `confirmWithBackend(backend)` for cookie and opaque sessions. */
  verify: SessionCheck
  /** keyward's cookie name, where `cookieStorage({ name })` or the token route was given another. */
  cookie?: string | undefined
}

const cache = new WeakMap<object, Map<SessionCheck, Promise<Session | null>>>()

const headersOf = (source: SessionSource) => ('headers' in source && source.headers instanceof Headers ? source.headers : (source as { get(name: string): string | null }))

/**
 * The verified session of a request, in the client's `Session` shape: pass it to `<AuthProvider
 * initialSession>` so the page renders signed in from the first byte. `null` without a session, or with
 * one that fails `verify` (forged, altered, expired, revoked). Asked once per request and check (a
 * layout and a page asking cost one verification). The refresh token is never in it: where one is kept
 * (the token route's cookie, `cookieStorage()`), a marker stands in for it, which tells the browser
 * the session can be renewed.
 */
export function getSession(source: SessionSource, options: GetSessionOptions): Promise<Session | null> {
  let checks = cache.get(source)
  if (!checks) cache.set(source, (checks = new Map()))
  let pending = checks.get(options.verify)
  if (!pending) {
    pending = read(source, options)
    checks.set(options.verify, pending)
  }
  return pending
}

async function read(source: SessionSource, options: GetSessionOptions): Promise<Session | null> {
  const cookies = parseCookieHeader(headersOf(source).get('cookie'))
  const stored = parseStoredSession(readChunked((name) => cookies.get(name), options.cookie ?? SESSION_COOKIE))
  const verified = await options.verify({ session: stored, cookies })
  if (!verified) return null
  const refreshToken = cookies.get(REFRESH_COOKIE) ?? verified.refreshToken
  return { ...verified, refreshToken: refreshToken ? await refreshMarker(refreshToken) : null }
}

/**
 * The session, or a redirect thrown instead (a `Response`, as React Router's loaders and actions take
 * one): for a protected loader, `const session = await requireSession(request, { verify, signIn: '/sign-in' })`.
 * The redirect carries where the user was going (`?redirectTo=`), a path on this site only.
 */
export async function requireSession(request: Request, options: GetSessionOptions & { signIn: string }): Promise<Session> {
  const session = await getSession(request, options)
  if (!session) throw signInRedirect(request, options.signIn)
  return session
}

/**
 * For middleware (Next.js `proxy.ts`): a redirect to `signIn` when the request has no verified session,
 * else `null` (let it through).
 */
export async function redirectIfSignedOut(request: Request, options: GetSessionOptions & { signIn: string }): Promise<Response | null> {
  return (await getSession(request, options)) ? null : signInRedirect(request, options.signIn)
}

function signInRedirect(request: Request, signIn: string): Response {
  const from = new URL(request.url)
  const to = new URL(signIn, from)
  if (to.origin !== from.origin) throw new TypeError(`signIn must be a path on this site, not ${signIn}`)
  if (to.pathname !== from.pathname) to.searchParams.set('redirectTo', `${from.pathname}${from.search}`)
  // absolute: Next.js's proxy refuses a relative Location
  return new Response(null, { status: 303, headers: { location: to.href } })
}
