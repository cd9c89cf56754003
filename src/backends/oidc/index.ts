import { AuthError, AuthErrorCode, createRequester, loadOnce, pkceChallenge, randomToken, type AuthBackend, type BackendContext, type RedirectState, type ResponseSchema, type Session } from '../kit/index.js'
import type { Discovery, TokenReply } from './tokens.js'

export type { TokenReply } from './tokens.js'

export interface OidcBackendOptions {
  /** The provider's issuer, e.g. `https://accounts.example.com` (its discovery document is read from it). */
  issuer: string
  /** A public client (no secret in a browser): authorization code with PKCE. */
  clientId: string
  /** Default `['openid', 'profile', 'email', 'offline_access']` (`offline_access`: a refresh token). */
  scopes?: readonly string[] | undefined
  /** Where the provider returns to after signing out (`post_logout_redirect_uri`). Default: none (the provider's page). */
  postLogoutRedirectUri?: string | undefined
  /** The provider's name for "Continue with …". Default: the issuer's host. */
  name?: string | undefined
  /**
   * Seconds the provider still answers a refresh token it has rotated (Auth0's leeway, Okta's grace
   * period). Default \`0\`: a rotated token refused at once, as node-oidc-provider (which also revokes the
   * grant) and Keycloak with "Revoke Refresh Token" do; \`Infinity\` for a provider that does not rotate.
   */
  refreshTokenReuseInterval?: number | undefined
}

const DEFAULT_SCOPES = ['openid', 'profile', 'email', 'offline_access']

/** What an OAuth error reply (`{ error, error_description }`) or a redirect's `error` means. */
export function oidcError(status: number, body: unknown, grant?: 'refresh' | 'code'): AuthError {
  const error = body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string' ? (body as { error: string }).error : undefined
  const code: AuthErrorCode =
    error === 'invalid_grant'
      ? grant === 'refresh'
        ? 'invalid-refresh-token'
        : 'invalid-ticket'
      : error === 'access_denied'
        ? 'access-denied'
        : error === 'login_required' || error === 'consent_required' || error === 'interaction_required'
        ? 'unauthorized'
        : status === 401 || error === 'invalid_token'
          ? 'unauthorized'
          : status === 429
            ? 'rate-limited'
            : status >= 500
              ? 'internal-server-error'
              : error === 'invalid_request' || error === 'invalid_scope' || error === 'unauthorized_client'
                ? 'invalid-request'
                : 'unknown-server-error'
  return new AuthError(code, `The OpenID provider refused the request (${error ?? status})`, { status, serverCode: error })
}

/**
 * Any OpenID Connect provider, for a single-page app: sign-in on the provider's page (authorization
 * code with PKCE S256, `state` and `nonce`, a full-page redirect finished by the redirect handling),
 * the ID token checked (signature against the provider's JWKS, `iss`, `aud`, `exp`, `nonce`), refresh
 * with rotation, `userinfo`, token revocation and RP-initiated logout.
 *
 * @example
 * <AuthProvider backend={oidc({ issuer: 'https://accounts.example.com', clientId: 'spa' })} storage={localStorageStorage()}>
 */
export function oidc(options: OidcBackendOptions) {
  return createOidc(options).backend
}

/**
 * The OpenID Connect adapter with its parts, for adapters of servers that are OpenID Connect providers
 * and more (AuthHero): discovery, the token endpoint, a token reply as a session, PKCE randomness.
 */
export function createOidc(options: OidcBackendOptions) {
  const issuer = options.issuer.replace(/\/$/, '')
  const scopes = options.scopes ?? DEFAULT_SCOPES
  // the discovery document, once per page (a failure is tried again on the next call)
  let discovery: Promise<Discovery> | null = null
  // every endpoint is named by the discovery document: requests take absolute URLs
  const call = createRequester({ base: issuer, toError: (status, body) => oidcError(status, body) })
  const discover = (ctx: BackendContext): Promise<Discovery> =>
    (discovery ??= tokens().then((t) => call(ctx, `${issuer}/.well-known/openid-configuration`, { reply: t.discoverySchema(issuer) }))).catch((error: unknown) => {
      discovery = null
      throw error
    })
  // the token replies' checks and the ID token's verification (jose) load with the first token
  const tokens = loadOnce(() => import('./tokens.js'), 'the OpenID Connect token checks')

  const tokenRequest = async (ctx: BackendContext, form: Record<string, string>, grant: 'refresh' | 'code'): Promise<TokenReply> => {
    const [d, t] = await Promise.all([discover(ctx), tokens()])
    // OAuth's token endpoint takes a form (RFC 6749 §4.1.3), not JSON
    return call(ctx, d.token_endpoint, {
      body: { client_id: options.clientId, ...form },
      form: true,
      toError: (status, body) => oidcError(status, body, grant),
      reply: t.tokenSchema as ResponseSchema<TokenReply>,
    })
  }

  /**
   * A token reply as a session: the ID token checked where one came (with the `nonce` of the sign-in).
   * The user: on a sign-in, from userinfo (providers keep the ID token to `sub` when an access token
   * can read the rest), else from the ID token's claims; on a refresh, the one already known.
   */
  async function toSession(ctx: BackendContext, reply: TokenReply, nonce: string | null, previous: Session | null): Promise<Session> {
    const [d, t] = await Promise.all([discover(ctx), tokens()])
    const idToken = reply.id_token ?? null
    const verified = idToken ? await t.verifyIdToken(idToken, { issuer: d.issuer, audience: options.clientId, jwksUri: d.jwks_uri, nonce, fetch: ctx.fetch }) : null
    let claims: (Record<string, unknown> & { sub: string }) | null = verified
    if (!previous && d.userinfo_endpoint) {
      try {
        const info = await call(ctx, d.userinfo_endpoint, { accessToken: reply.access_token, reply: t.claimsSchema })
        // userinfo speaks for the ID token's subject only (OpenID Connect Core §5.3.2)
        if (!verified || info.sub === verified.sub) claims = { ...verified, ...info }
      } catch {
        // a provider whose userinfo fails (AuthHero's 401 and 404): the ID token's claims
      }
    }
    return {
      accessToken: reply.access_token,
      accessTokenExpiresAt: typeof reply.expires_in === 'number' ? ctx.now() + reply.expires_in * 1000 : null,
      // a provider that does not rotate answers without one: the old one stays valid
      refreshToken: reply.refresh_token ?? previous?.refreshToken ?? null,
      sessionId: typeof verified?.sid === 'string' ? verified.sid : (previous?.sessionId ?? null),
      idToken: idToken ?? previous?.idToken ?? null,
      user: previous?.user ?? (claims ? t.userFromClaims(claims) : null),
    }
  }

  const backend = {
    id: 'oidc',
    traits: {
      displayName: options.name ?? new URL(issuer).host,
      transport: 'bearer' as const,
      refreshTokenReuseInterval: options.refreshTokenReuseInterval ?? 0,
    },

    signIn: {
      /** The provider's authorization URL with PKCE, `state` and `nonce`; the client keeps them for the way back. */
      async withRedirect({ redirectTo, signUp }, ctx) {
        const d = await discover(ctx)
        const verifier = randomToken()
        const state: RedirectState = { state: randomToken(16), nonce: randomToken(16), verifier, redirectUri: redirectTo }
        const url = new URL(d.authorization_endpoint)
        const params: Record<string, string> = {
          response_type: 'code',
          client_id: options.clientId,
          redirect_uri: redirectTo,
          scope: scopes.join(' '),
          state: state.state!,
          nonce: state.nonce!,
          code_challenge: await pkceChallenge(verifier),
          code_challenge_method: 'S256',
        }
        // the spec grants `offline_access` only with consent asked; `create` asks for the sign-up page
        const prompts = [...(scopes.includes('offline_access') ? ['consent'] : []), ...(signUp && d.prompt_values_supported?.includes('create') ? ['create'] : [])]
        if (prompts.length) params.prompt = prompts.join(' ')
        for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value)
        return { kind: 'redirect', url: String(url), state }
      },
    },

    session: {
      async refresh(session, ctx) {
        if (!session.refreshToken) throw new AuthError(AuthErrorCode.InvalidRefreshToken, 'No refresh token')
        return toSession(ctx, await tokenRequest(ctx, { grant_type: 'refresh_token', refresh_token: session.refreshToken }, 'refresh'), null, session)
      },
      async getUser(session, ctx) {
        const [d, t] = await Promise.all([discover(ctx), tokens()])
        if (!d.userinfo_endpoint) throw new AuthError(AuthErrorCode.Unsupported, 'The provider has no userinfo endpoint')
        return t.userFromClaims(await call(ctx, d.userinfo_endpoint, { accessToken: session.accessToken, reply: t.claimsSchema }))
      },
      /**
       * Revokes the refresh token (where the provider can), then ends the provider's session on its page
       * (`end_session_endpoint` with `id_token_hint`): the client sends the browser there.
       */
      async signOut(session, ctx) {
        const d = await discover(ctx)
        if (d.revocation_endpoint && session.refreshToken) {
          await call(ctx, d.revocation_endpoint, { body: { client_id: options.clientId, token: session.refreshToken, token_type_hint: 'refresh_token' }, form: true })
        }
        if (!d.end_session_endpoint) return
        const url = new URL(d.end_session_endpoint)
        url.searchParams.set('client_id', options.clientId)
        if (session.idToken) url.searchParams.set('id_token_hint', session.idToken)
        if (options.postLogoutRedirectUri) url.searchParams.set('post_logout_redirect_uri', options.postLogoutRedirectUri)
        return { redirectUrl: String(url) }
      },
    },

    redirect: {
      /** An authorization response (RFC 6749 §4.1.2): `code` and `state`, or `error` with `state`; it signs in. */
      parse(url) {
        const params = ['code', 'state', 'iss', 'session_state', 'error', 'error_description']
        const purpose = 'sign-in'
        // every response to a request this adapter sent carries the state it sent
        if (!url.searchParams.has('state')) return null
        const error = url.searchParams.get('error')
        if (error) return { kind: 'error', error: oidcError(400, { error }), purpose, params }
        const code = url.searchParams.get('code')
        if (!code) return null
        // a mix-up defense (RFC 9207): a code from another issuer is not this provider's
        const iss = url.searchParams.get('iss')
        if (iss && iss.replace(/\/$/, '') !== issuer) return { kind: 'error', error: new AuthError(AuthErrorCode.InvalidTicket, 'The sign-in came back from another issuer'), purpose, params }
        return { kind: 'code', code, state: url.searchParams.get('state'), purpose, params }
      },
      async finish(result, kept, ctx) {
        if (result.kind !== 'code' || !kept?.verifier || !kept.redirectUri) throw new AuthError(AuthErrorCode.InvalidTicket, 'This sign-in was not started here')
        const reply = await tokenRequest(ctx, { grant_type: 'authorization_code', code: result.code, code_verifier: kept.verifier, redirect_uri: kept.redirectUri }, 'code')
        return toSession(ctx, reply, kept.nonce ?? null, null)
      },
    },
  } satisfies AuthBackend
  return { backend, scopes, tokens, toSession }
}

/** The OpenID Connect adapter, typed with the operations it has. */
export type OidcBackend = ReturnType<typeof oidc>

/**
 * Verifies a JWT's signature against the issuer's keys (`jwksUri`), its `iss`, `exp` and, where
 * given, `aud`: its claims. Rejects with the verifier's own error for a token that cannot be trusted.
 * The verifier (jose) loads with the first call.
 */
export async function verifyToken(token: string, expected: { issuer: string; audience?: string | undefined; jwksUri: string; fetch: typeof globalThis.fetch }) {
  return (await import('./tokens.js')).verifyToken(token, expected)
}
