import { AuthError, AuthErrorCode, codeForStatus, createRequester, decodeJwtClaims, randomToken, type AuthBackend, type BackendContext, type ResponseSchema, type Session, type SignUpField } from '../kit/index.js'
import { createOidc, oidcError, verifyToken, type TokenReply } from '../oidc/index.js'

export interface AuthHeroBackendOptions {
  /** The AuthHero server, e.g. `https://auth.example.com` (its issuer). */
  url: string
  /** The application's client id (a public client: no secret in a browser). */
  clientId: string
  /**
   * A callback URL registered on the application: the embedded sign-ins name it to AuthHero's
   * `/authorize` (nothing is sent there). Default: this page's origin with `/`.
   */
  callbackUrl?: string | undefined
  /** The database connection. Default `Username-Password-Authentication`. */
  connection?: string | undefined
  /** Default `['openid', 'profile', 'email', 'offline_access']`. */
  scopes?: readonly string[] | undefined
  /** Where AuthHero's `/v2/logout` returns the browser (one of the application's allowed logout URLs). Default: no visit there. */
  logoutReturnTo?: string | undefined
  /** The name for "Continue with …". Default `AuthHero`. */
  name?: string | undefined
}

const PASSWORD_REALM = 'http://auth0.com/oauth/grant-type/password-realm'
/** The passwordless grant of Auth0's API. */
const OTP_GRANT = 'http://auth0.com/oauth/grant-type/passwordless/otp'

/** AuthHero's plain-text verdicts (authhero 0.162), by their text. */
const VERDICTS: Readonly<Record<string, AuthErrorCode>> = {
  'Invalid password': 'invalid-email-password',
  'User not found': 'invalid-email-password',
  // an existing e-mail (Auth0 does not say so either)
  'Invalid sign up': 'email-already-in-use',
  'Password does not meet the requirements': 'password-too-weak',
  'Email not verified': 'unverified-user',
  'Too many failed login attempts': 'rate-limited',
  'Code not found or expired': 'invalid-otp',
}

/**
 * AuthHero's replies outside the token endpoint are plain text (`Invalid password`), or a validation
 * error as JSON; each becomes its AuthError (the text kept as `serverCode`, never shown).
 */
export function authHeroError(status: number, body: unknown, text: string): AuthError {
  if (body && typeof body === 'object' && 'error' in body && typeof (body as { error: unknown }).error === 'string') return oidcError(status, body)
  const said = text.trim().slice(0, 300)
  // a deployment step missed: say which setting (the developer reads this message; the form says only
  // that sign-in is not set up)
  const origin = /^Origin (\S+) not allowed$/.exec(said)?.[1]
  const callback = /^Invalid redirect URI - (\S+)$/.exec(said)?.[1]
  const setup = origin
    ? `AuthHero refused this page's origin: add ${origin} to the application’s Allowed Web Origins`
    : callback
      ? `AuthHero does not know the callback URL ${callback}: add it to the application’s Allowed Callback URLs (or pass authHero({ callbackUrl }) one that is listed)`
      : undefined
  const code: AuthErrorCode = setup ? 'misconfigured' : (VERDICTS[said] ?? codeForStatus(status))
  return new AuthError(code, setup ?? `AuthHero refused the request (${status})`, { status, serverCode: said || undefined })
}

/** Names a sign-up can send as `user_metadata`. */
const SIGN_UP_FIELDS: readonly SignUpField[] = [
  { name: 'given_name', kind: 'givenName', required: false },
  { name: 'family_name', kind: 'familyName', required: false },
]

/**
 * AuthHero (authhero, Auth0-compatible): the OpenID Connect adapter (sign-in on AuthHero's own login
 * page, refresh, userinfo) plus the embedded flows — sign-up (`/dbconnections/signup`), password and
 * e-mail code sign-in (`/co/authenticate`, then `/authorize` with the login ticket) and sign-out
 * (`/v2/logout`). No embedded password reset: the link AuthHero's `/dbconnections/change_password` mails
 * is dead (see `password` below); the reset works from AuthHero's own login page.
 *
 * AuthHero 0.162 answers CORS only on `/oauth/token` and its JWKS: an app on another origin needs a
 * deployment that answers CORS for it on every path (see docs/backends.md).
 *
 * @example
 * <AuthProvider backend={authHero({ url: 'https://auth.example.com', clientId: 'spa' })} storage={localStorageStorage()}>
 */
export function authHero(options: AuthHeroBackendOptions) {
  const base = options.url.replace(/\/$/, '')
  const connection = options.connection ?? 'Username-Password-Authentication'
  // AuthHero's issuer ends with a slash, as Auth0's does
  // AuthHero answers a refresh with the same refresh token (no rotation): sending it again is always safe
  const oidc = createOidc({ issuer: `${base}/`, clientId: options.clientId, scopes: options.scopes, name: options.name ?? 'AuthHero', refreshTokenReuseInterval: Infinity })
  const { backend } = oidc

  const call = createRequester({ base, toError: (status, body, text) => authHeroError(status, body, text) })
  const post = <T = undefined>(ctx: BackendContext, path: string, body: Record<string, unknown>, reply?: ResponseSchema<T>) =>
    call<T>(ctx, path, { body: { client_id: options.clientId, ...body }, ...(reply ? { reply } : {}) })

  /**
   * The embedded password sign-in: a login ticket from `/co/authenticate`, exchanged at `/authorize` for the
   * tokens in one reply (`response_mode=web_message`: no redirect for a page to follow), the ID token
   * checked with this sign-in's `nonce`.
   */
  async function passwordSignIn(ctx: BackendContext, email: string, password: string): Promise<Session> {
    const ticket = await post(ctx, '/co/authenticate', { credential_type: PASSWORD_REALM, realm: connection, username: email, password }, ticketSchema)
    const nonce = randomToken(16)
    const callbackUrl = options.callbackUrl ?? (typeof location === 'undefined' ? undefined : `${location.origin}/`)
    if (!callbackUrl) throw new AuthError(AuthErrorCode.InvalidInput, 'authHero({ callbackUrl }) is required outside a browser')
    const reply = await call(ctx, '/authorize', {
      query: {
        client_id: options.clientId,
        response_type: 'token id_token',
        response_mode: 'web_message',
        redirect_uri: callbackUrl,
        scope: oidc.scopes.join(' '),
        state: randomToken(16),
        nonce,
        realm: connection,
        login_ticket: ticket.login_ticket,
      },
      reply: (await oidc.tokens()).tokenSchema as ResponseSchema<TokenReply>,
    })
    return oidc.toSession(ctx, reply, nonce, null)
  }

  return {
    ...backend,
    id: 'authhero',
    traits: { ...backend.traits, passwordPolicy: { minLength: 8 } },

    signIn: {
      ...backend.signIn,
      async withPassword({ email, password }, ctx) {
        return { kind: 'session', session: await passwordSignIn(ctx, email, password) }
      },
    },

    signUp: {
      fields: SIGN_UP_FIELDS,
      /** `/dbconnections/signup`, then the embedded sign-in (AuthHero e-mails the verification link, and signs in without it). */
      async withPassword({ email, password, fields, metadata }, ctx) {
        const userMetadata: Record<string, unknown> = { ...metadata }
        for (const field of SIGN_UP_FIELDS) if (fields?.[field.name]) userMetadata[field.name] = fields[field.name]
        await post(ctx, '/dbconnections/signup', { connection, email, password, user_metadata: userMetadata })
        return { kind: 'session', session: await passwordSignIn(ctx, email, password) }
      },
    },

    passwordless: {
      async emailOtpStart({ email }, ctx) {
        // authhero requires `authParams` (Auth0 does not)
        await post(ctx, '/passwordless/start', { connection: 'email', email, send: 'code', authParams: { scope: oidc.scopes.join(' ') } })
      },
      /**
       * The passwordless grant at the token endpoint (authhero 0.162 answers its login-ticket path with a
       * 500). Its reply has an access token only (no ID token, no refresh token, and userinfo refuses
       * it): the user is the token's subject — AuthHero's `email|…` user, not the password account —
       * with the address the code was sent to.
       */
      async emailOtpVerify({ email, otp }, ctx) {
        const t = await oidc.tokens()
        const reply = await call(ctx, '/oauth/token', {
          body: { grant_type: OTP_GRANT, client_id: options.clientId, username: email, otp, realm: 'email', scope: oidc.scopes.join(' ') },
          form: true,
          reply: t.tokenSchema as ResponseSchema<TokenReply>,
        })
        const claims = decodeJwtClaims(reply.access_token)
        if (typeof claims?.sub !== 'string') throw new AuthError(AuthErrorCode.InvalidResponse, 'The access token has no subject')
        const session: Session = {
          accessToken: reply.access_token,
          accessTokenExpiresAt: typeof reply.expires_in === 'number' ? ctx.now() + reply.expires_in * 1000 : null,
          refreshToken: null,
          sessionId: typeof claims.sid === 'string' ? claims.sid : null,
          idToken: null,
          // the code proved the address
          user: { ...t.userFromClaims(claims as Record<string, unknown> & { sub: string }), email, emailVerified: true },
        }
        return { kind: 'session', session }
      },
    },

    // No `password`: AuthHero's `/dbconnections/change_password` (authhero 0.162, and its source at
    // a1cf489b: routes/auth-api/dbconnections.ts → emails/index.ts sendResetPassword) mails a link whose
    // `state` is the login session's `authParams.state`, which that route never sets: the link reads
    // `/u/reset-password?state=undefined&code=…` and its page answers "Login session not found". Offering
    // it would send users a dead link; the reset on AuthHero's own login page ("Continue with AuthHero",
    // then its forgot-password link) works. test/backends/authhero.test.ts pins the dead link: when an
    // upgrade fixes it, that test fails and this can come back.

    /**
     * Revokes the refresh token where there is one (authhero 0.162 lists `/oauth/revoke` but has no such
     * route: its 404 is ignored), then, with `logoutReturnTo`, sends the browser to `/v2/logout`, which
     * ends AuthHero's own session (its login page would otherwise sign the next visitor straight in).
     */
    session: {
      ...backend.session,
      async signOut(session, ctx) {
        if (session.refreshToken) {
          await post(ctx, '/oauth/revoke', { token: session.refreshToken }).catch((error: unknown) => {
            if ((error as AuthError).status !== 404) throw error
          })
        }
        if (!options.logoutReturnTo) return
        const url = new URL(`${base}/v2/logout`)
        url.searchParams.set('client_id', options.clientId)
        url.searchParams.set('returnTo', options.logoutReturnTo)
        return { redirectUrl: String(url) }
      },
    },
  } satisfies AuthBackend
}

const ticketSchema: ResponseSchema<{ login_ticket: string }> = (body) =>
  body && typeof body === 'object' && typeof (body as { login_ticket?: unknown }).login_ticket === 'string' && (body as { login_ticket: string }).login_ticket
    ? { ok: true, value: body as { login_ticket: string } }
    : { ok: false, issues: [{ path: 'login_ticket', expected: 'string' }] }

/**
 * The seed's `validateToken`, for apps (and their servers) that check AuthHero's tokens themselves: the
 * RS256 signature against AuthHero's JWKS, `iss`, `exp`, and `aud` where `audience` is given. Answers the
 * token's claims; `unauthorized` for a token that cannot be trusted (jose loads with the first call).
 *
 * @example
 * const claims = await validateToken(accessToken, { url: 'https://auth.example.com' })
 */
export async function validateToken(token: string, options: { url: string; audience?: string | undefined; fetch?: typeof globalThis.fetch | undefined }) {
  const base = options.url.replace(/\/$/, '')
  try {
    return await verifyToken(token, { issuer: `${base}/`, audience: options.audience, jwksUri: `${base}/.well-known/jwks.json`, fetch: options.fetch ?? globalThis.fetch })
  } catch (error) {
    throw new AuthError(AuthErrorCode.Unauthorized, 'The token is not valid', { cause: { reason: (error as { code?: string })?.code ?? (error as Error)?.message } })
  }
}

/** The AuthHero adapter, typed with the operations it has. */
export type AuthHeroBackend = ReturnType<typeof authHero>
