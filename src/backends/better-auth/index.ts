import type { AuthBackend, BackendContext, Capabilities, SignInResult } from '../../core/backend.js'
import { AuthError, AuthErrorCode } from '../../core/errors.js'
import { httpRequest, type ResponseSchema } from '../../core/http.js'
import type { Session, User } from '../../core/types.js'
import { betterAuthError } from './errors.js'
import type * as SchemaModule from './schemas.js'
import type { BetterAuthUser } from './schemas.js'

export { betterAuthError } from './errors.js'

export interface BetterAuthBackendOptions {
  /** The auth API: better-auth's base URL and base path, e.g. `https://auth.example.com/api/auth`. */
  url: string
}

type Schemas = typeof SchemaModule

// What this adapter offers so far (see docs/backends.md): e-mail and password sign-up, sign-in and
// sign-out, the session restored with `get-session`. The rest of better-auth (two-factor, passkeys,
// sessions, reset, OTP, magic link) comes with the step-based contract.
const CAPABILITIES: Capabilities = {
  signUp: true,
  refresh: false,
  signOutEverywhere: true,
  emailVerification: false,
  mfaTotp: false,
  passkeys: false,
  passwordReset: false,
  changePassword: false,
  changeEmail: false,
  magicLink: false,
  emailOtp: false,
  smsOtp: false,
  anonymous: false,
  sessions: false,
  passkeyManagement: false,
  personalAccessTokens: false,
  oauth: false,
  elevation: false,
}

function toUser(user: BetterAuthUser): User {
  return {
    id: user.id,
    email: user.email ?? null,
    emailVerified: user.emailVerified,
    phoneNumber: null,
    displayName: user.name ?? '',
    avatarUrl: user.image ?? '',
    // better-auth has no locale or roles (without its admin plugin): left empty, not invented
    locale: '',
    defaultRole: '',
    roles: [],
    isAnonymous: user.isAnonymous ?? false,
    activeMfaType: user.twoFactorEnabled ? 'totp' : null,
    createdAt: user.createdAt ?? null,
    metadata: {},
  }
}

/**
 * better-auth 1.x with its bearer plugin, for a single-page app on another origin than the auth
 * server: the session token arrives in the `set-auth-token` reply header and goes back as
 * `Authorization: Bearer` on every call. Sessions are opaque and not refreshed (better-auth extends
 * them on the server while they are used).
 *
 * @example
 * <AuthProvider backend={betterAuth({ url: 'https://auth.example.com/api/auth' })} storage={localStorageStorage()}>
 */
export function betterAuth(options: BetterAuthBackendOptions): AuthBackend {
  const base = options.url.replace(/\/$/, '')
  let schemas: Promise<Schemas> | undefined
  const loadSchemas = () => (schemas ??= import('./schemas.js'))

  /** One request; the reply checked with the schema `pick` chooses; `token` receives `set-auth-token`. */
  async function call<T>(
    ctx: BackendContext,
    path: string,
    init: { body?: unknown; accessToken?: string | null | undefined; method?: 'GET' | 'POST'; token?: (value: string | null) => void },
    pick?: (s: Schemas) => ResponseSchema<T>,
  ): Promise<T> {
    const s = pick ? await loadSchemas() : undefined
    return httpRequest<T>(ctx, {
      url: `${base}${path}`,
      ...(init.method ? { method: init.method } : {}),
      ...(init.body !== undefined ? { body: init.body } : {}),
      accessToken: init.accessToken,
      toError: betterAuthError,
      ...(pick && s ? { schema: pick(s) } : {}),
      ...(init.token ? { onResponse: (headers: Headers) => init.token!(headers.get('set-auth-token')) } : {}),
    })
  }

  /** A sign-in or sign-up reply as a step: a session (token from the header), or the e-mail to verify. */
  async function signInStep(ctx: BackendContext, path: string, body: unknown, email: string): Promise<SignInResult> {
    let bearer: string | null = null
    const reply = await call(ctx, path, { body, token: (value) => (bearer = value) }, (s) => s.checked(s.signIn))
    if ('twoFactorRedirect' in reply) {
      throw new AuthError(AuthErrorCode.Unsupported, 'This account signs in with a second factor, which this adapter does not offer yet')
    }
    if (reply.token === null) return { kind: 'verify-email', email }
    if (!bearer) throw new AuthError(AuthErrorCode.InvalidResponse, 'better-auth sent no set-auth-token header: is its bearer plugin on?')
    const session: Session = { accessToken: bearer, accessTokenExpiresAt: null, refreshToken: null, refreshTokenId: null, user: toUser(reply.user) }
    return { kind: 'session', session }
  }

  return {
    id: 'better-auth',
    transport: 'bearer',
    capabilities: CAPABILITIES,

    signInWithPassword: ({ email, password }, ctx) => signInStep(ctx, '/sign-in/email', { email, password }, email),

    async signUp(input, ctx) {
      const body = {
        email: input.email,
        password: input.password,
        // better-auth requires a name
        name: input.displayName ?? input.email,
        ...(input.redirectTo ? { callbackURL: input.redirectTo } : {}),
      }
      const step = await signInStep(ctx, '/sign-up/email', body, input.email)
      if (step.kind === 'mfa') throw new AuthError(AuthErrorCode.InvalidResponse, 'better-auth asked for a second factor at sign-up')
      return step
    },

    async signOut(session, { all }, ctx) {
      if (all) await call(ctx, '/revoke-sessions', { body: {}, accessToken: session.accessToken })
      await call(ctx, '/sign-out', { body: {}, accessToken: session.accessToken })
    },

    async getUser(session, ctx) {
      const reply = await call(ctx, '/get-session', { accessToken: session.accessToken }, (s) => s.checked(s.getSession))
      // `null`: the token is no longer a session (signed out elsewhere, expired, revoked)
      if (!reply) throw new AuthError(AuthErrorCode.Unauthorized, 'The session has ended', { status: 401 })
      return toUser(reply.user)
    },
  }
}
