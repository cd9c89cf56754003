import { AuthError, AuthErrorCode, checked, createRequester, lazyGroup, loadOnce, type AuthBackend, type OAuthProvider, type Session, type User } from '../kit/index.js'
import { nhostError } from './errors.js'
import { parseNhostLink } from './links.js'
import * as schemas from './schemas.js'
import type { NhostSession, NhostUser } from './schemas.js'
import type { NhostFlows } from './flows.js'

export interface NhostBackendOptions {
  /** The auth service's base URL, e.g. `https://myapp.auth.eu-central-1.nhost.run/v1` or `/auth/v1`. */
  url?: string
  subdomain?: string
  region?: string
  /** The server's password rules where they differ from hasura-auth's defaults (`AUTH_PASSWORD_MIN_LENGTH`). */
  passwordPolicy?: { minLength?: number; maxLength?: number } | undefined
  /**
   * The OAuth providers enabled on the server (`AUTH_PROVIDER_<NAME>_ENABLED`), in the order the forms
   * offer them: `['github', 'google']` or `{ id, name }`. hasura-auth does not list them to the browser.
   */
  oauthProviders?: ReadonlyArray<string | OAuthProvider> | undefined
  /**
   * Seconds the server still answers a refresh token it has rotated. Default \`0\`: hasura-auth replaces
   * the token at \`POST /token\` and refuses the old one at once. keyward's reference backend answers for
   * 10 s (its \`refreshTokenReuseInterval\`): say so here when it is the server.
   */
  refreshTokenReuseInterval?: number | undefined
}

function toUser(user: NhostUser): User {
  return {
    id: user.id,
    email: user.email ?? null,
    emailVerified: user.emailVerified,
    phoneNumber: user.phoneNumber ?? null,
    displayName: user.displayName,
    avatarUrl: user.avatarUrl,
    isAnonymous: user.isAnonymous,
    activeMfaType: user.activeMfaType || null,
    createdAt: user.createdAt,
    metadata: typeof user.metadata === 'object' && user.metadata !== null ? (user.metadata as Record<string, unknown>) : {},
    // roles, defaultRole, locale and the rest of hasura-auth's user
    raw: user,
  }
}

function toSession(session: NhostSession, now: number): Session {
  return {
    accessToken: session.accessToken,
    // relative expiry, so a skewed device clock does not matter
    accessTokenExpiresAt: now + session.accessTokenExpiresIn * 1000,
    refreshToken: session.refreshToken,
    sessionId: session.refreshTokenId,
    idToken: null,
    user: session.user ? toUser(session.user) : null,
  }
}

function resolveUrl(options: NhostBackendOptions): string {
  if (options.url) {
    const base = typeof location !== 'undefined' ? location.href : undefined
    return new URL(options.url, base).toString().replace(/\/$/, '')
  }
  if (options.subdomain && options.region) return `https://${options.subdomain}.auth.${options.region}.nhost.run/v1`
  if (options.subdomain === 'local') return 'https://local.auth.nhost.run/v1'
  throw new TypeError('nhost(): pass `url`, or `subdomain` and `region`')
}

/**
 * The Nhost Auth backend (the default contract). Works with Nhost Cloud, a self-hosted
 * hasura-auth, and keyward's reference backend.
 *
 * @example
 * <AuthProvider backend={nhost({ subdomain: 'myapp', region: 'eu-central-1' })}>…</AuthProvider>
 */
export function nhost(options: NhostBackendOptions) {
  // resolved on first use: on the server there may be no `location` for a relative URL yet
  let baseUrl: string | undefined
  const url = (path: string) => `${(baseUrl ??= resolveUrl(options))}${path}`

  const call = createRequester({ base: () => url(''), toError: (status, body) => nhostError(status, body) })

  // what most sign-ins never use loads with the first call of one of these operations
  const flows = loadOnce(() => import('./flows.js').then(({ nhostFlows }) => nhostFlows({ call, toSession, url })), 'the Nhost account flows')
  const group = <K extends keyof NhostFlows>(name: K) => () => flows().then((loaded): NhostFlows[K] => loaded[name])

  return {
    id: 'nhost',
    traits: {
      displayName: 'Nhost',
      transport: 'bearer',
      refreshTokenReuseInterval: options.refreshTokenReuseInterval ?? 0,
      // hasura-auth's password rule (PASSWORD_MIN_LENGTH defaults to 3; the schema caps it at 50)
      passwordPolicy: { minLength: 3, maxLength: 50, ...options.passwordPolicy },
      // hasura-auth's elevation claim (a passkey check within the token's lifetime)
      elevationClaim: ['https://hasura.io/jwt/claims', 'x-hasura-auth-elevated'],
    },

    session: {
      async refresh(session, ctx) {
        // POST /token answers a bare Session (not wrapped) and revokes the refresh token it was given
        const body = await call(ctx, '/token', { body: { refreshToken: session.refreshToken }, reply: checked(schemas.nhostSession) })
        const next = toSession(body, ctx.now())
        return next.user ? next : { ...next, user: session.user }
      },
      async signOut(session, ctx) {
        await call(ctx, '/signout', { body: { refreshToken: session.refreshToken ?? undefined } })
      },
      async signOutEverywhere(session, ctx) {
        await call(ctx, '/signout', { body: { refreshToken: session.refreshToken ?? undefined, all: true }, accessToken: session.accessToken })
      },
      async getUser(session, ctx) {
        return toUser(await call(ctx, '/user', { accessToken: session.accessToken, reply: checked(schemas.nhostUser) }))
      },
    },

    signIn: {
      async withPassword({ email, password }, ctx) {
        const body = await call(ctx, '/signin/email-password', { body: { email, password }, reply: checked(schemas.signInResponse) })
        if (body.session) return { kind: 'session', session: toSession(body.session, ctx.now()) }
        if (body.mfa) return { kind: 'mfa', ticket: body.mfa.ticket, methods: ['totp'] }
        // hasura-auth answers `{}` only for a user that still has to verify the e-mail address
        return { kind: 'verify-email', email }
      },
    },

    signUp: {
      async withPassword({ email, password, displayName, locale, metadata, redirectTo }, ctx) {
        const signUpOptions = Object.fromEntries(Object.entries({ displayName, locale, metadata, redirectTo }).filter(([, value]) => value !== undefined))
        const body = await call(ctx, '/signup/email-password', {
          body: Object.keys(signUpOptions).length > 0 ? { email, password, options: signUpOptions } : { email, password },
          reply: checked(schemas.sessionPayload),
        })
        return body.session ? { kind: 'session', session: toSession(body.session, ctx.now()) } : { kind: 'verify-email', email }
      },
    },

    mfa: {
      confirmWith: 'code',
      async verifyTotp({ ticket, code }, ctx) {
        // Nhost carries the pending sign-in in the ticket its sign-in answered
        if (!ticket) throw nhostError(401, { error: 'invalid-ticket' })
        const reply = await call(ctx, '/signin/mfa/totp', { body: { ticket, otp: code }, reply: checked(schemas.sessionPayload) })
        if (!reply.session) throw new AuthError(AuthErrorCode.InvalidResponse, 'The server finished sign-in without a session')
        return toSession(reply.session, ctx.now())
      },
      ...lazyGroup(group('mfa'), ['setupTotp', 'enableTotp', 'disableTotp']),
    },
    passkey: lazyGroup(group('passkey'), ['signInOptions', 'signInVerify', 'signUpOptions', 'signUpVerify', 'addOptions', 'addVerify', 'elevateOptions', 'elevateVerify']),
    password: { changeNeedsCurrent: false, ...lazyGroup(group('password'), ['requestReset', 'reset', 'change']) },
    email: lazyGroup(group('email'), ['sendVerification', 'change']),
    passwordless: lazyGroup(group('passwordless'), ['magicLink', 'emailOtpStart', 'emailOtpVerify', 'smsStart', 'smsVerify']),
    anonymous: lazyGroup(group('anonymous'), ['signIn', 'deanonymize']),
    pat: lazyGroup(group('pat'), ['create', 'signIn']),
    oauth: { providers: options.oauthProviders ?? [], ...lazyGroup(group('oauth'), ['providerUrl']) },
    redirect: {
      parse: parseNhostLink,
      async finish(result, _state, ctx) {
        // hasura-auth's links and OAuth callbacks carry a refresh token, nothing else signs in
        if (result.kind !== 'refresh-token') throw new AuthError(AuthErrorCode.InvalidResponse, `hasura-auth sent no ${result.kind} redirect`)
        return toSession(await call(ctx, '/token', { body: { refreshToken: result.refreshToken }, reply: checked(schemas.nhostSession) }), ctx.now())
      },
    },
  } satisfies AuthBackend
}

export { nhostError } from './errors.js'
export { parseNhostLink } from './links.js'

/** The Nhost adapter, typed with the operations it has. */
export type NhostBackend = ReturnType<typeof nhost>
