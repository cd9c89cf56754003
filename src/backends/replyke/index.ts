import { checked, AuthError, AuthErrorCode, createRequester, decodeJwtClaims, type AuthBackend, type AuthClient, type AuthErrorCode as Code, type BackendContext, type Session, type SignUpField, type User } from '../kit/index.js'
import { replykeError } from './errors.js'
import * as schemas from './schemas.js'
import type { ReplykeUser } from './schemas.js'

export interface ReplykeBackendOptions {
  /** The project's id (a UUID, from the Replyke dashboard). */
  projectId: string
  /**
   * The API version the project's server speaks. `'v7'` adds the password reset and e-mail
   * verification routes (and may rotate the refresh token); the v6 server has neither.
   */
  version: 'v6' | 'v7'
  /** The server. Default `https://api.replyke.com`. */
  url?: string | undefined
}

/** What a sign-up sends besides e-mail and password: the user's name and username (both optional). */
const SIGN_UP_FIELDS: readonly SignUpField[] = [
  { name: 'name', kind: 'displayName', required: false },
  { name: 'username', kind: 'username', required: false },
]

function toUser(user: ReplykeUser): User {
  return {
    id: user.id,
    email: user.email ?? null,
    emailVerified: user.isVerified ?? false,
    phoneNumber: null,
    displayName: user.name ?? user.username ?? '',
    avatarUrl: user.avatar ?? '',
    isAnonymous: false,
    activeMfaType: null,
    createdAt: user.createdAt ?? null,
    metadata: user.metadata ?? {},
    // username, foreignId, role, reputation, bio and the rest, as Replyke sent them
    raw: user,
  }
}

/** A session from an access token (its `exp`: 30 minutes on Replyke), a refresh token and the user. */
function toSession(accessToken: string, refreshToken: string | null, user: User | null): Session {
  const exp = decodeJwtClaims(accessToken)?.exp
  if (typeof exp !== 'number') throw new AuthError(AuthErrorCode.InvalidResponse, 'Replyke sent an access token without an expiry')
  return { accessToken, accessTokenExpiresAt: exp * 1000, refreshToken, sessionId: null, idToken: null, user }
}

/**
 * Replyke (`replyke.com`, or a project's own server): sign-up, password sign-in, refresh, sign-out,
 * change of password, and — on v7 — the password reset and e-mail verification. The user comes with
 * every token reply (Replyke has no current-user route). An expired access token is answered 403,
 * so `client.fetch` refreshes and retries on 403 as well as 401. `verifyExternalUser` signs in the
 * user of an app's own auth (its JWT, signed with the project's key).
 *
 * @example
 * <AuthProvider backend={replyke({ projectId, version: 'v7' })} storage={localStorageStorage()}>
 */
export function replyke(options: ReplykeBackendOptions) {
  const server = (options.url ?? 'https://api.replyke.com').replace(/\/$/, '')
  const base = `${server}/api/${options.version}/${encodeURIComponent(options.projectId)}/auth`
  const v7 = options.version === 'v7'

  // every call is a POST; the refresh token travels in the body: Replyke's cookie copy of it (SameSite=None) is not used
  const call = createRequester({ base, toError: (status, body) => replykeError(status, body), credentials: 'omit' })

  /** A reply with both tokens and the user (sign-up, sign-in, verify-external-user) as a session. */
  async function signedIn(ctx: BackendContext, path: string, body: unknown, duplicate?: Code): Promise<Session> {
    const reply = await call(ctx, path, { method: 'POST', body, toError: (status, error) => replykeError(status, error, duplicate), reply: checked(schemas.tokens) })
    return toSession(reply.accessToken, reply.refreshToken, toUser(reply.user))
  }

  const backend = {
    id: 'replyke',
    traits: {
      displayName: 'Replyke',
      transport: 'bearer' as const,
      // v6 never rotates its refresh token (sending it again is always safe); v7 may, and is taken to
      // refuse the old one at once (its source is silent on a reuse interval)
      refreshTokenReuseInterval: v7 ? 0 : Infinity,
      // an invalid or expired access token is 403 Forbidden on Replyke (a missing one 401)
      isTokenRejected: (response: Response) => response.status === 401 || response.status === 403,
    },

    session: {
      async refresh(session, ctx) {
        if (!session.refreshToken) throw new AuthError(AuthErrorCode.InvalidRefreshToken, 'This Replyke session has no refresh token')
        const reply = await call(ctx, '/request-new-access-token', { body: { refreshToken: session.refreshToken }, reply: checked(schemas.refreshed) })
        // nothing to refresh with, as Replyke saw it: the session is over
        if (!reply.accessToken) throw new AuthError(AuthErrorCode.InvalidRefreshToken, 'Replyke answered the refresh without a token')
        // v6 keeps the refresh token; v7 may hand a new one
        return toSession(reply.accessToken, reply.refreshToken ?? session.refreshToken, reply.user ? toUser(reply.user) : session.user)
      },
      async signOut(session, ctx) {
        // ends this session only (its refresh token); the access token stays valid until it expires
        if (session.refreshToken) await call(ctx, '/sign-out', { body: { refreshToken: session.refreshToken } })
      },
    },

    signIn: {
      async withPassword({ email, password }, ctx) {
        // Replyke stores the address lowercased and looks it up as sent
        return { kind: 'session', session: await signedIn(ctx, '/sign-in', { email: email.toLowerCase(), password }) }
      },
    },

    signUp: {
      fields: SIGN_UP_FIELDS,
      async withPassword({ email, password, displayName, fields = {}, metadata }, ctx) {
        const name = fields.name || displayName
        const username = fields.username
        const body = { email, password, ...(name ? { name } : {}), ...(username ? { username } : {}), ...(metadata ? { metadata } : {}) }
        // a bare "Validation error" is a unique field taken: the e-mail, unless a username was sent too
        return { kind: 'session', session: await signedIn(ctx, '/sign-up', body, username ? undefined : 'email-already-in-use') }
      },
    },

    password: {
      changeNeedsCurrent: true,
      async change(session, { newPassword, currentPassword }, ctx) {
        if (!currentPassword) throw new AuthError(AuthErrorCode.InvalidInput, 'Replyke needs the current password to change it')
        // a wrong current password is `invalid-email-password` (the change form shows it at that field)
        await call(ctx, '/change-password', { body: { password: currentPassword, newPassword }, accessToken: session.accessToken })
      },
      ...(v7
        ? {
            /** Replyke e-mails the link (its project settings make it): `redirectTo` is not sent. */
            async requestReset({ email }: { email: string }, ctx: BackendContext) {
              await call(ctx, '/request-password-reset', { body: { email: email.toLowerCase() } })
            },
            async reset({ newPassword, token }: { newPassword: string; token: string }, ctx: BackendContext) {
              await call(ctx, '/reset-password', { body: { token, newPassword } })
            },
          }
        : {}),
    },

    ...(v7
      ? {
          email: {
            async verify({ token }: { token: string }, ctx: BackendContext) {
              await call(ctx, '/verify-email', { body: { token } })
              return null
            },
          },
          redirect: {
            /**
             * A link with `?token=…` (the reset e-mail's, to the page the project's settings name): the
             * ticket for the new password. Replyke's link carries nothing else, so that page must not
             * use `?token=` for anything of its own.
             */
            parse(url: URL) {
              const token = url.searchParams.get('token')
              return token ? { kind: 'ticket' as const, ticket: token, purpose: 'reset-password' as const, params: ['token'] } : null
            },
          },
        }
      : {}),

  } satisfies AuthBackend
  return {
    ...backend,
    /**
     * Signs in the user of the app's own auth: `userJwt` is signed (RS256) with the project's key,
     * `sub` = the app's user id, `iss` = the project id, and the user's fields in the `userData` claim
     * (`{ email, name, username, avatar, bio, metadata }`). Replyke creates the user on first use (or
     * links one with the same e-mail). See `signInExternalUser`.
     */
    verifyExternalUser: ({ userJwt }: { userJwt: string }, ctx: BackendContext) => signedIn(ctx, '/verify-external-user', { userJwt }),
  }
}

/**
 * Signs `client` in as the user of the app's own auth (Replyke's `verify-external-user`): the session
 * is stored and announced to every tab like any other sign-in.
 *
 * @example
 * await signInExternalUser(client, { userJwt: await myApi.replykeToken() })
 */
export async function signInExternalUser(client: AuthClient, input: { userJwt: string }): Promise<Session> {
  const userJwt = (input as { userJwt?: unknown } | null)?.userJwt
  if (typeof userJwt !== 'string' || userJwt.split('.').length !== 3) throw new AuthError(AuthErrorCode.InvalidInput, 'userJwt must be a JWT')
  // Replyke's server reads the user's fields from the `userData` claim (replyke/express,
  // src/v6/controllers/auth/verifyExternalUser.ts) and answers a bare 500 without it: said here, first
  const userData = decodeJwtClaims(userJwt)?.userData
  if (!userData || typeof userData !== 'object' || Array.isArray(userData))
    throw new AuthError(
      AuthErrorCode.InvalidInput,
      'userJwt needs a `userData` claim with the user’s fields ({ email, name, username, avatar, bio, metadata }): Replyke reads them there, not from top-level claims, and answers 500 without it',
    )
  const backend = client.backend as Partial<ReplykeBackend>
  if (typeof backend.verifyExternalUser !== 'function') throw new AuthError(AuthErrorCode.Unsupported, 'This client’s backend is not Replyke')
  return client.adoptSession(await backend.verifyExternalUser({ userJwt }, client.context()))
}

export { replykeError } from './errors.js'

/** The Replyke adapter, typed with the operations it has. */
export type ReplykeBackend = ReturnType<typeof replyke>
