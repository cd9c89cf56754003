import type { AuthBackend, BackendContext } from './backend.js'
import { AuthError, AuthErrorCode, isAuthErrorCode, toAuthError } from './errors.js'
import { encodeArgs, RESTORE_OP, ROUTE_HEADER } from './token-route-protocol.js'
import type { Session } from './types.js'

export interface TokenRouteClientOptions {
  /** Where the app mounted `createTokenRoute(…)` (`keyward/server`), on the page's own origin: `/api/auth`. */
  route: string
}

type Operation = (...args: unknown[]) => Promise<unknown>

/** The route's reply to a failed operation: an AuthError's code and what it carries, never a token. */
function errorFrom(status: number, body: unknown): AuthError {
  const error = body && typeof body === 'object' ? (body as { error?: Record<string, unknown> }).error : undefined
  const code = error?.code
  if (!error || typeof code !== 'string' || !isAuthErrorCode(code)) {
    return new AuthError(status >= 500 ? AuthErrorCode.InternalServerError : AuthErrorCode.InvalidResponse, `The token route answered ${status} without an error keyward knows`, { status })
  }
  return new AuthError(code, typeof error.message === 'string' ? error.message : code, {
    status: typeof error.status === 'number' ? error.status : status,
    serverCode: typeof error.serverCode === 'string' ? error.serverCode : undefined,
    retryAfter: typeof error.retryAfter === 'number' ? error.retryAfter : undefined,
  })
}

/**
 * `backend` with every operation sent through the app's token route instead of to the auth server: the
 * route (`createTokenRoute` in `keyward/server`, mounted at `options.route`) runs the same adapter on
 * the server and keeps the refresh token in an httpOnly cookie. The browser holds the access token in
 * memory only (use it with the default `memoryStorage()`); the session comes back on a reload from the
 * route (or from the server render's `initialSession`). Forms and hooks work unchanged: the capabilities
 * are `backend`'s. Links are still read in the page (`redirect.parse`), then finished by the route.
 * Cookie-session backends (better-auth, Medusa, Auth.js) keep their session out of scripts already.
 *
 * @example
 * <AuthProvider backend={viaTokenRoute(nhost({ url: 'https://auth.example.com/v1' }), { route: '/api/auth' })}>
 */
export function viaTokenRoute(backend: AuthBackend, options: TokenRouteClientOptions): AuthBackend {
  if (backend.traits.transport === 'cookie') {
    throw new AuthError(AuthErrorCode.Unsupported, `${backend.id} keeps its session in its own httpOnly cookie: it needs no token route`)
  }
  const route = options.route

  async function call(op: string, args: readonly unknown[], ctx: BackendContext): Promise<unknown> {
    const timeout = AbortSignal.timeout(ctx.timeout)
    const signal = ctx.signal && typeof AbortSignal.any === 'function' ? AbortSignal.any([ctx.signal, timeout]) : (ctx.signal ?? timeout)
    let response: Response
    let text: string
    try {
      response = await ctx.fetch(new URL(route, typeof location === 'undefined' ? undefined : location.href).toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', [ROUTE_HEADER]: '1' },
        credentials: 'same-origin',
        body: JSON.stringify({ op, args: encodeArgs(args) }),
        signal,
      })
      text = await response.text()
    } catch (error) {
      throw toAuthError(error)
    }
    let body: unknown
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      body = undefined
    }
    if (!response.ok) throw errorFrom(response.status, body)
    if (!body || typeof body !== 'object' || !('result' in body)) {
      throw new AuthError(AuthErrorCode.InvalidResponse, 'The token route sent a reply keyward does not understand', { status: response.status })
    }
    return (body as { result: unknown }).result
  }

  const forward =
    (op: string): Operation =>
    (...args) =>
      call(op, args.slice(0, -1), args[args.length - 1] as BackendContext)

  const groups: Record<string, unknown> = { id: backend.id, traits: backend.traits }
  for (const [name, group] of Object.entries(backend)) {
    if (name === 'id' || name === 'traits' || !group || typeof group !== 'object') continue
    const copy: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(group as Record<string, unknown>)) {
      // reading a link stays in the page: synchronous, before any request, from the adapter's own code
      if (typeof value === 'function') copy[key] = name === 'redirect' && key === 'parse' ? (value as Operation).bind(group) : forward(`${name}.${key}`)
      else copy[key] = value
    }
    groups[name] = copy
  }
  const session = groups.session as Record<string, unknown>
  session.restore = forward(RESTORE_OP)
  if (backend.session.refresh) {
    const refresh = forward('session.refresh')
    // one tab at a time: the next finds the session the first stored in the cookie, with no second
    // request to the auth server (the route answers it from the cookie)
    session.refresh = (current: Session, ctx: BackendContext) => {
      const locks = typeof navigator === 'undefined' ? undefined : (navigator as { locks?: LockManager }).locks
      return locks ? locks.request(`keyward:token-route:${route}`, () => refresh(current, ctx)) : refresh(current, ctx)
    }
  }
  return groups as unknown as AuthBackend
}
