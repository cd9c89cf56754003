import { checked, lazyGroup, loadOnce, AuthError, AuthErrorCode, createRequester, markLink, type AuthBackend, type BackendContext, type MfaMethod, type SignInResult, type Session, type User } from '../kit/index.js'
import { betterAuthError } from './errors.js'
import { parseBetterAuthLink } from './links.js'
import type { BetterAuthFlows } from './flows.js'
import { crossSiteCookie } from './setup.js'
import * as schemas from './schemas.js'
import type { BetterAuthUser } from './schemas.js'


export interface BetterAuthBackendOptions {
  /** The auth API: better-auth's base URL and base path, e.g. `https://auth.example.com/api/auth`. */
  url: string
  /** The server's `emailAndPassword.minPasswordLength` and `maxPasswordLength`, where not the defaults (8 and 128). */
  passwordPolicy?: { minLength?: number; maxLength?: number } | undefined
  /**
   * The server's `user.deleteUser.enabled`: users may delete their own account (with their password;
   * by an e-mailed link first where the server has `sendDeleteAccountVerification`). Off by default,
   * as on the server (which answers 404 otherwise).
   */
  deleteAccount?: boolean | undefined
}

function toUser(user: BetterAuthUser): User {
  return {
    id: user.id,
    email: user.email ?? null,
    emailVerified: user.emailVerified,
    phoneNumber: null,
    displayName: user.name ?? '',
    avatarUrl: user.image ?? '',
    isAnonymous: user.isAnonymous ?? false,
    activeMfaType: user.twoFactorEnabled ? 'totp' : null,
    createdAt: user.createdAt ?? null,
    metadata: {},
    raw: user,
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
export function betterAuth(options: BetterAuthBackendOptions) {
  const base = options.url.replace(/\/$/, '')

  // refusals read with better-auth's error-code table; each request checks its reply with its schema
  const call = createRequester({ base, toError: (status, body) => betterAuthError(status, body, schemas.ERROR_CODES) })
  /** Reads the bearer token of a new session from the `set-auth-token` reply header. */
  const bearerFrom = (keep: (token: string | null) => void) => (headers: Headers) => keep(headers.get('set-auth-token'))

  /** A sign-in or sign-up reply as a step: a session (token from the header), or the e-mail to verify. */
  async function signInStep(ctx: BackendContext, path: string, body: unknown, email: string): Promise<SignInResult> {
    let bearer: string | null = null
    const reply = await call(ctx, path, { body, onResponse: bearerFrom((value) => (bearer = value)), credentials: 'include', reply: checked(schemas.signIn) })
    if ('twoFactorRedirect' in reply) {
      // no ticket: better-auth keeps the pending sign-in in a cookie, sent back with the code
      const methods: MfaMethod[] = ['totp', 'backup-code']
      if (reply.twoFactorMethods?.includes('otp')) methods.push('otp')
      return { kind: 'mfa', methods }
    }
    if (reply.token === null) return { kind: 'verify-email', email }
    return { kind: 'session', session: toSession(bearer, reply.user) }
  }

  function toSession(bearer: string | null, user: BetterAuthUser): Session {
    if (!bearer) throw new AuthError(AuthErrorCode.InvalidResponse, 'no set-auth-token header: is the bearer plugin on?')
    // the session's key is the token; `set-auth-token` hands it signed (`token.signature`), a cookie's
    // session as it is: one session either way
    return { accessToken: bearer, accessTokenExpiresAt: null, refreshToken: null, sessionId: bearer.split('.')[0] ?? null, idToken: null, user: toUser(user) }
  }

  /** A call that answers `{ token, user }` and the bearer token in `set-auth-token`: a session. */
  async function sessionCall(ctx: BackendContext, path: string, body: unknown): Promise<Session> {
    let bearer: string | null = null
    // cookies go along: the pending two-factor sign-in lives in one
    const reply = await call(ctx, path, { body, onResponse: bearerFrom((value) => (bearer = value)), credentials: 'include', reply: checked(schemas.verified) }).catch(async (error: unknown) => {
      // the two-factor step's cookie missing: expired, or a setup mistake (read where it happens)
      if (error instanceof AuthError && error.serverCode === 'INVALID_TWO_FACTOR_COOKIE') throw crossSiteCookie(error, base) ?? error
      throw error
    })
    return toSession(bearer, reply.user)
  }

  // what most sign-ins never use loads with the first call of one of these operations
  const flows = loadOnce(() => import('./flows.js').then(({ betterAuthFlows }) => betterAuthFlows({ call, toSession, sessionCall })), 'the better-auth account flows')
  const group = <K extends keyof BetterAuthFlows>(name: K) => () => flows().then((loaded): BetterAuthFlows[K] => loaded[name])

  return {
    id: 'better-auth',
    traits: {
      displayName: 'better-auth',
      transport: 'bearer',
      // better-auth's defaults (emailAndPassword.minPasswordLength / maxPasswordLength)
      passwordPolicy: options.passwordPolicy ?? { minLength: 8, maxLength: 128 },
    },

    session: {
      async signOut(session, ctx) {
        await call(ctx, '/sign-out', { body: {}, accessToken: session.accessToken })
      },
      async signOutEverywhere(session, ctx) {
        // every session of the user, this one included
        await call(ctx, '/revoke-sessions', { body: {}, accessToken: session.accessToken })
      },
      async signOutOthers(session, ctx) {
        // every session of the user but the one the token names
        await call(ctx, '/revoke-other-sessions', { body: {}, accessToken: session.accessToken })
      },
      async getUser(session, ctx) {
        const reply = await call(ctx, '/get-session', { accessToken: session.accessToken, reply: checked(schemas.getSession) })
        // `null`: the token is no longer a session (signed out elsewhere, expired, revoked)
        if (!reply) throw new AuthError(AuthErrorCode.Unauthorized, 'The session has ended', { status: 401 })
        return toUser(reply.user)
      },
    },

    signIn: {
      withPassword: ({ email, password }, ctx) => signInStep(ctx, '/sign-in/email', { email, password }, email),
    },

    signUp: {
      async withPassword(input, ctx) {
        const body = {
          email: input.email,
          password: input.password,
          // better-auth requires a name
          name: input.displayName ?? input.email,
          ...(input.redirectTo ? { callbackURL: markLink(input.redirectTo, 'verify-email') } : {}),
        }
        const step = await signInStep(ctx, '/sign-up/email', body, input.email)
        if (step.kind === 'mfa') throw new AuthError(AuthErrorCode.InvalidResponse, '2FA asked at sign-up')
        return step
      },
    },

    mfa: {
      // turning two-factor on and off takes the password (and replaces the session)
      confirmWith: 'password',
      ...lazyGroup(group('mfa'), ['setupTotp', 'enableTotp', 'disableTotp', 'regenerateBackupCodes']),
      verifyTotp: ({ code }, ctx) => sessionCall(ctx, '/two-factor/verify-totp', { code }),
      verifyBackupCode: ({ code }, ctx) => sessionCall(ctx, '/two-factor/verify-backup-code', { code }),
    },

    password: { changeNeedsCurrent: true, ...lazyGroup(group('password'), ['requestReset', 'reset', 'change']) },
    email: lazyGroup(group('email'), ['sendVerification', 'verify']),
    devices: lazyGroup(group('devices'), ['list', 'revoke']),
    passkey: lazyGroup(group('passkey'), ['signInOptions', 'signInVerify', 'addOptions', 'addVerify', 'list', 'remove', 'rename']),
    passwordless: lazyGroup(group('passwordless'), ['magicLink', 'emailOtpStart', 'emailOtpVerify']),
    anonymous: lazyGroup(group('anonymous'), ['signIn']),
    ...(options.deleteAccount ? { account: { deleteNeedsPassword: true, ...lazyGroup(group('account'), ['delete']) } } : {}),
    redirect: {
      parse: parseBetterAuthLink,
      // a reset link lands with `?token=`; a magic link, after the server signed the browser in, with
      // keyward's mark; either with `?error=INVALID_TOKEN` when the link was spent or expired. A
      // verification link has already been handled by the server before it redirects.
      async finish(result, _state, ctx) {
        if (result.kind !== 'server-session') throw new AuthError(AuthErrorCode.InvalidRequest, `better-auth sends no ${result.kind} back to the app`)
        // the cookie the server set when the link was opened: its session token becomes the bearer token
        const reply = await call(ctx, '/get-session', { method: 'GET', credentials: 'include', reply: checked(schemas.getSession) })
        // none: the link signed nobody in (a verification without autoSignInAfterVerification), or the
        // browser refused the auth server its cookie (core says which matters)
        return reply?.session.token ? toSession(reply.session.token, reply.user) : null
      },
    },
  } satisfies AuthBackend
}

/** The better-auth adapter, typed with the operations it has. */
export type BetterAuthBackend = ReturnType<typeof betterAuth>
