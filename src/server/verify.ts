import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose'
import type { AuthBackend, BackendContext } from '../core/backend.js'
import { isAuthError, isTransient } from '../core/errors.js'
import type { Session } from '../core/types.js'

/** What a check sees of the request: the session keyward's cookie holds (unverified), and every cookie. */
export interface CheckInput {
  /** The session in keyward's cookie, as stored: not yet trusted. `null` where there is none. */
  session: Session | null
  cookies: ReadonlyMap<string, string>
}

/**
 * Decides whether the request carries a session, and which: the verified session, or `null`. Rejects
 * only where it could not tell (the auth server unreachable): the app chooses what to render then.
 */
export type SessionCheck = (input: CheckInput) => Promise<Session | null>

export interface VerifyJwtOptions {
  /**
   * The issuer's public keys: its JWKS URL (fetched once, then on an unknown `kid`, as `jose` does),
   * or the key set itself. Nhost: `https://<subdomain>.auth.<region>.nhost.run/v1/.well-known/jwks.json`;
   * OpenID Connect: the discovery document's `jwks_uri`.
   */
  jwks: string | URL | JSONWebKeySet
  /** The `iss` the token must carry. */
  issuer?: string | string[] | undefined
  /** The `aud` the token must carry (an OpenID Connect API's identifier). */
  audience?: string | string[] | undefined
  /** Default: the asymmetric algorithms (`RS256`, `ES256`, `EdDSA`, …) as the key says; never `none` or HMAC. */
  algorithms?: string[] | undefined
  /** Seconds of clock difference tolerated on `exp` and `nbf`. Default 5. */
  clockTolerance?: number | undefined
  /** The time to check against (tests). Default: now. */
  now?: (() => number) | undefined
}

const remoteSets = new Map<string, JWTVerifyGetKey>()
const DEFAULT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']

/**
 * Trusts a session whose access token is a JWT the issuer signed, unexpired, and (where the session
 * names its user) about that user (`sub` equal to the user's id): a forged, altered or expired cookie
 * is refused. For backends that sign their tokens: Nhost, OpenID Connect, AuthHero, Supabase, Replyke,
 * CREDEBL (its Keycloak). The verified session carries the token's expiry.
 */
export function verifyJwt(options: VerifyJwtOptions): SessionCheck {
  const keys: JWTVerifyGetKey =
    typeof options.jwks === 'string' || options.jwks instanceof URL
      ? (remoteSets.get(String(options.jwks)) ??
        (remoteSets.set(String(options.jwks), createRemoteJWKSet(new URL(String(options.jwks)))), remoteSets.get(String(options.jwks))!))
      : createLocalJWKSet(options.jwks)
  return async ({ session }) => {
    if (!session?.accessToken) return null
    try {
      const { payload } = await jwtVerify(session.accessToken, keys, {
        algorithms: options.algorithms ?? DEFAULT_ALGORITHMS,
        clockTolerance: options.clockTolerance ?? 5,
        ...(options.issuer ? { issuer: options.issuer } : {}),
        ...(options.audience ? { audience: options.audience } : {}),
        ...(options.now ? { currentDate: new Date(options.now()) } : {}),
      })
      if (session.user && typeof payload.sub === 'string' && payload.sub !== session.user.id) return null
      return { ...session, accessTokenExpiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : session.accessTokenExpiresAt }
    } catch (error) {
      // the keys could not be fetched: unknown, not refused
      if ((error as { code?: string }).code === 'ERR_JWKS_TIMEOUT' || error instanceof TypeError) throw error
      return null
    }
  }
}

export interface ConfirmOptions {
  /** Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch | undefined
  /** Milliseconds before the auth server counts as unreachable. Default 10 000. */
  timeout?: number | undefined
  /**
   * Which of the request's cookies go to the auth server. Default: all of them, for a server on the
   * app's own site (where the browser sends it the same cookies); name its session cookie otherwise.
   */
  forward?: ((name: string) => boolean) | undefined
}

/**
 * Asks the auth server, once per request, whether the session holds: for cookie sessions (better-auth,
 * Medusa, Auth.js: the request's cookies forwarded to `session.restore`) and opaque tokens (the
 * user read with the token). `backend` is the adapter configured with the server's absolute URL.
 */
export function confirmWithBackend(backend: AuthBackend, options: ConfirmOptions = {}): SessionCheck {
  return async ({ session, cookies }) => {
    const base = options.fetch ?? globalThis.fetch
    const cookie = [...cookies].filter(([name]) => options.forward?.(name) ?? true).map(([name, value]) => `${name}=${value}`).join('; ')
    const ctx: BackendContext = {
      fetch: (input, init) => {
        const headers = new Headers(init?.headers)
        if (cookie) headers.set('cookie', cookie)
        return base(input, { ...init, headers })
      },
      timeout: options.timeout ?? 10_000,
      now: Date.now,
    }
    try {
      if (backend.session.restore) return await backend.session.restore(ctx)
      if (session?.accessToken && backend.session.getUser) return { ...session, user: await backend.session.getUser(session, ctx) }
      return null
    } catch (error) {
      if (isAuthError(error) && isTransient(error)) throw error
      return null
    }
  }
}
