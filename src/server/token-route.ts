import type { AuthBackend, BackendContext } from '../core/backend.js'
import { chunkAssignments, parseCookieHeader, readChunked, SESSION_COOKIE } from '../core/cookies.js'
import { AuthError, AuthErrorCode, isAuthError, toAuthError } from '../core/errors.js'
import { parseStoredSession } from '../core/persistence.js'
import { decodeArgs, looksLikeSession, RESTORE_OP, ROUTE_HEADER, ROUTE_REFRESH_PREFIX, type SessionPlaceholder } from '../core/token-route-protocol.js'
import type { Session } from '../core/types.js'

/** The httpOnly cookie the token route keeps the refresh token in (`SameSite=Strict`: sent by this site's own requests only). */
export const REFRESH_COOKIE = 'keyward-refresh'

export interface CookieSettings {
  /** Default: on when the page or the request is on https (a proxy ending TLS in front of the app included). */
  secure?: boolean | undefined
  /** Seconds the cookies live. Default 30 days; the session ends earlier where the auth server says so. */
  maxAge?: number | undefined
  /** Share with subdomains (`example.com`). Default: this host only. */
  domain?: string | undefined
}

export interface TokenRouteOptions {
  cookies?: CookieSettings | undefined
  /**
   * Origins besides the request's own whose pages may call the route (`https://app.example.com`):
   * behind a proxy that rewrites the host, name the public one. Every call must come with one of them.
   */
  origins?: readonly string[] | undefined
  /** Default `globalThis.fetch`: how the route reaches the auth server. */
  fetch?: typeof globalThis.fetch | undefined
  /** Milliseconds before the auth server counts as unreachable. Default 10 000. */
  timeout?: number | undefined
  /** The time (tests). Default `Date.now`. */
  now?: (() => number) | undefined
}

const MAX_BODY = 64 * 1024
/** An access token this close to its expiry is renewed rather than handed out. */
const MARGIN = 30_000
/** How long a rotated refresh token's successor is remembered: tabs (and requests) that raced with the same token get the same session. */
const REMEMBER = 60_000

/** The route: a fetch handler for `POST`, and the session its cookies hold, for middleware. */
export interface TokenRoute {
  (request: Request): Promise<Response>
  /**
   * The session the route's cookies hold on `request`, renewed through the auth server when its access
   * token is due (single flight with the route's own renewals): for middleware (Next.js `proxy.ts`) in
   * front of the server render, so that a page opened after the access token expired still renders
   * signed in. `setCookie`: the lines to send the browser; `cookie`: the request's `Cookie` header as it
   * is after them, for the rendering behind the middleware. `session` is `null` without one (or where
   * the auth server refused the refresh token: `setCookie` then clears the cookies).
   */
  session(request: Request): Promise<{ session: Session | null; setCookie: string[]; cookie: string }>
}

const GROUPS = new Set(['session', 'signIn', 'signUp', 'mfa', 'passkey', 'password', 'email', 'passwordless', 'anonymous', 'pat', 'devices', 'account', 'oauth', 'redirect'])

/** What stands for a refresh token in the browser: a digest prefix that rotates with it and gives nothing away. */
export async function refreshMarker(refreshToken: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(refreshToken)))
  return `${ROUTE_REFRESH_PREFIX}${[...digest.slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('')}`
}

const json = (status: number, body: unknown, headers?: Headers) => {
  const out = headers ?? new Headers()
  out.set('content-type', 'application/json')
  out.set('cache-control', 'no-store')
  return new Response(JSON.stringify(body), { status, headers: out })
}

function errorReply(error: AuthError, headers?: Headers): Response {
  const transient = error.code === AuthErrorCode.NetworkError || error.code === AuthErrorCode.Timeout
  const status = error.status && error.status >= 400 && error.status < 600 ? error.status : transient ? 502 : error.code === AuthErrorCode.InvalidResponse ? 502 : 400
  return json(status, { error: { code: error.code, message: error.message, status: error.status, serverCode: error.serverCode, retryAfter: error.retryAfter } }, headers)
}

/**
 * The token-mediating route (`POST`, fetch-standard: Next.js route handlers, React Router actions, Hono,
 * Express through a fetch adapter). It runs `backend` — the adapter, configured with the auth server's
 * absolute URL — on the server for the browser's `viaTokenRoute(…)`: the refresh token stays in an
 * httpOnly, `SameSite=Strict` cookie, the rest of the session in an httpOnly one the server render
 * reads (`getSession`), and the browser gets the access token only, in memory. Refreshes are single
 * flight: requests carrying the same refresh token share one call to the auth server, and a tab whose
 * token another tab already renewed gets the renewed session without a call at all.
 *
 * Calls are refused (403) unless they come from the app's own pages: the `Origin` (and, where sent,
 * `Sec-Fetch-Site`) must match, and keyward's `x-keyward` header must be there, which no other site
 * can add without the route's consent.
 */
export function createTokenRoute(backend: AuthBackend, options: TokenRouteOptions = {}): TokenRoute {
  if (backend.traits.transport === 'cookie') {
    throw new AuthError(AuthErrorCode.Unsupported, `${backend.id} keeps its session in its own httpOnly cookie: it needs no token route`)
  }
  const now = options.now ?? Date.now
  // refreshes by the refresh token they spend, in flight or done within `REMEMBER`: one table for the
  // process, so that a middleware's instance and the route handler's (bundled apart by Next.js) share it
  const refreshes = processRefreshes()

  function refreshOnce(session: Session, ctx: BackendContext): Promise<Session> {
    const token = session.refreshToken!
    for (const [key, entry] of refreshes) if (now() - entry.at > REMEMBER) refreshes.delete(key)
    const known = refreshes.get(token)
    if (known) return known.promise
    const promise = backend.session.refresh!(session, ctx)
    refreshes.set(token, { at: now(), promise })
    promise.catch(() => refreshes.delete(token))
    return promise
  }

  /** What one request's cookies hold, and the `Set-Cookie` lines that keep a session in them. */
  function jar(request: Request) {
    const cookies = parseCookieHeader(request.headers.get('cookie'))
    // the page's own origin says https even where a proxy in front of the app ends TLS (request.url is http there)
    const secure = options.cookies?.secure ?? (new URL(request.url).protocol === 'https:' || (request.headers.get('origin') ?? '').startsWith('https:'))
    const out = new Headers()
    const after = new Map(cookies)
    const held = (() => {
      const session = parseStoredSession(readChunked((name) => cookies.get(name), SESSION_COOKIE))
      const refreshToken = cookies.get(REFRESH_COOKIE) ?? null
      if (!session && !refreshToken) return null
      return { accessToken: null, accessTokenExpiresAt: null, sessionId: null, idToken: null, user: null, ...session, refreshToken: refreshToken && decoded(refreshToken) } satisfies Session
    })()
    const cookie = (name: string, value: string | null, sameSite: 'Lax' | 'Strict') => {
      if (value === null) after.delete(name)
      else after.set(name, value)
      out.append(
        'set-cookie',
        [
          `${name}=${value ?? ''}`,
          'Path=/',
          `Max-Age=${value === null ? 0 : (options.cookies?.maxAge ?? 2_592_000)}`,
          'HttpOnly',
          `SameSite=${sameSite}`,
          secure ? 'Secure' : '',
          options.cookies?.domain ? `Domain=${options.cookies.domain}` : '',
        ]
          .filter(Boolean)
          .join('; '),
      )
    }
    const keep = async (session: Session | null): Promise<Session | null> => {
      const stored = session && { ...session, refreshToken: null }
      for (const [name, value] of chunkAssignments(SESSION_COOKIE, stored && JSON.stringify(stored), (n) => cookies.has(n))) cookie(name, value, 'Lax')
      if (!session) {
        if (cookies.has(REFRESH_COOKIE)) cookie(REFRESH_COOKIE, null, 'Strict')
        return null
      }
      // a session without a refresh token of its own (an elevation, a TOTP change) keeps the one there is
      const refreshToken = session.refreshToken ?? held?.refreshToken ?? null
      if (session.refreshToken) cookie(REFRESH_COOKIE, encodeURIComponent(session.refreshToken), 'Strict')
      return { ...session, refreshToken: refreshToken ? await refreshMarker(refreshToken) : null }
    }
    return { held, out, keep, cookieHeader: () => [...after].map(([name, value]) => `${name}=${value}`).join('; ') }
  }

  const fresh = (session: Session | null) => !!session?.accessToken && (session.accessTokenExpiresAt === null || session.accessTokenExpiresAt - now() > MARGIN)
  const contextOf = (request: Request): BackendContext => ({ fetch: options.fetch ?? globalThis.fetch, timeout: options.timeout ?? 10_000, signal: request.signal, now })

  /** The held session, renewed when due; `null` (cookies cleared) without one or once the auth server refused it. */
  async function restore(request: Request, { held, keep }: ReturnType<typeof jar>): Promise<Session | null> {
    if (!held) return null
    // as it is: nothing to write
    if (fresh(held)) return { ...held, refreshToken: held.refreshToken ? await refreshMarker(held.refreshToken) : null }
    if (held.refreshToken && backend.session.refresh) return keep(await refreshOnce(held, contextOf(request)))
    // nothing to renew it with: as it is while its access token lasts
    if (held.accessToken && held.accessTokenExpiresAt !== null && held.accessTokenExpiresAt > now()) return { ...held, refreshToken: null }
    return keep(null)
  }

  const route = async (request: Request): Promise<Response> => {
    const refused = csrfRefusal(request, options.origins)
    if (refused) return errorReply(new AuthError(AuthErrorCode.InvalidRequest, refused, { status: refused.startsWith('Only POST') ? 405 : 403 }))

    let body: { op?: unknown; args?: unknown }
    try {
      const text = await request.text()
      if (text.length > MAX_BODY) throw new Error('too long')
      body = JSON.parse(text) as typeof body
    } catch {
      return errorReply(new AuthError(AuthErrorCode.InvalidRequest, 'The token route takes a JSON body { op, args }', { status: 400 }))
    }

    const cookies = jar(request)
    const { held, out, keep } = cookies
    const ctx = contextOf(request)
    const op = typeof body.op === 'string' ? body.op : ''
    try {
      if (op === RESTORE_OP) return json(200, { result: await restore(request, cookies) }, out)

      const [group, method, extra] = op.split('.')
      const target = group && GROUPS.has(group) ? (backend as unknown as Record<string, Record<string, unknown> | undefined>)[group] : undefined
      const operation = method && extra === undefined && !(group === 'redirect' && method === 'parse') ? target?.[method] : undefined
      if (typeof operation !== 'function') {
        return errorReply(new AuthError(AuthErrorCode.Unsupported, `${backend.id} has no operation ${op.slice(0, 60)}`, { status: 404 }))
      }
      let placeholder: SessionPlaceholder | null = null
      const args = decodeArgs(body.args, (given) => {
        if (!held) throw new AuthError(AuthErrorCode.NotSignedIn, 'Nobody is signed in on this browser', { status: 401 })
        placeholder = given
        return held
      })
      if (!args) return errorReply(new AuthError(AuthErrorCode.InvalidRequest, 'The token route takes a JSON body { op, args }', { status: 400 }))

      if (op === 'session.refresh') {
        if (!held?.refreshToken) throw new AuthError(AuthErrorCode.InvalidRefreshToken, 'No session to renew on this browser', { status: 401 })
        // another tab renewed it since this one's token: its session, without asking the auth server
        const since = (placeholder as SessionPlaceholder | null)?.expiresAt ?? null
        if (fresh(held) && held.accessTokenExpiresAt !== null && since !== null && held.accessTokenExpiresAt > since) return json(200, { result: await keep(held) }, out)
        return json(200, { result: await keep(await refreshOnce(held, ctx)) }, out)
      }

      let result = await (operation as (...a: unknown[]) => Promise<unknown>).apply(target, [...args, ctx])
      if (op.startsWith('session.signOut') || (op === 'account.delete' && result === 'deleted')) await keep(null)
      else if (looksLikeSession(result)) result = await keep(result)
      else if (result && typeof result === 'object' && (result as { kind?: unknown }).kind === 'session' && looksLikeSession((result as { session?: unknown }).session)) {
        result = { ...result, session: await keep((result as { session: Session }).session) }
      }
      return json(200, { result: result ?? null }, out)
    } catch (error) {
      const failure = isAuthError(error) ? error : toAuthError(error)
      // a session the auth server ended: the cookies go with it
      if (op === 'session.refresh' || op === RESTORE_OP || op.startsWith('session.signOut')) {
        if (failure.code === AuthErrorCode.InvalidRefreshToken || op.startsWith('session.signOut') || (backend.traits.isSessionRejected?.(failure) ?? false)) await keep(null)
      }
      if (!isAuthError(error)) return errorReply(new AuthError(AuthErrorCode.InternalServerError, 'The token route failed', { status: 500 }), out)
      return errorReply(failure, out)
    }
  }

  return Object.assign(route, {
    async session(request: Request) {
      const cookies = jar(request)
      let session: Session | null
      try {
        session = await restore(request, cookies)
      } catch (error) {
        // refused: the cookies go; not reached: the page's own restore asks again
        const failure = toAuthError(error)
        if (failure.code !== AuthErrorCode.InvalidRefreshToken && !(backend.traits.isSessionRejected?.(failure) ?? false)) throw failure
        session = await cookies.keep(null)
      }
      return { session, setCookie: cookies.out.getSetCookie(), cookie: cookies.cookieHeader() }
    },
  })
}

/** A cookie's value decoded; `null` for a garbled one (a hand-made cookie is no session, and no crash). */
function decoded(value: string): string | null {
  try {
    return decodeURIComponent(value) || null
  } catch {
    return null
  }
}

const PROCESS_REFRESHES = Symbol.for('keyward.tokenRoute.refreshes')
function processRefreshes(): Map<string, { at: number; promise: Promise<Session> }> {
  const global = globalThis as { [PROCESS_REFRESHES]?: Map<string, { at: number; promise: Promise<Session> }> }
  return (global[PROCESS_REFRESHES] ??= new Map())
}

/** Why a call does not come from the app's own page, or `null` when it does. */
function csrfRefusal(request: Request, origins: readonly string[] = []): string | null {
  if (request.method !== 'POST') return 'Only POST reaches the token route'
  if (request.headers.get(ROUTE_HEADER) !== '1') return `The token route answers keyward's own calls only (the ${ROUTE_HEADER} header)`
  const origin = request.headers.get('origin')
  const own = new URL(request.url).origin
  if (!origin || (origin !== own && !origins.includes(origin))) return 'The token route answers pages of this site only (Origin)'
  const site = request.headers.get('sec-fetch-site')
  if (site && site !== 'same-origin' && !origins.includes(origin)) return 'The token route answers pages of this site only (Sec-Fetch-Site)'
  if (!(request.headers.get('content-type') ?? '').startsWith('application/json')) return 'The token route takes JSON'
  return null
}
