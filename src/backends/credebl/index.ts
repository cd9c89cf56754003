import { checked, AuthError, AuthErrorCode, createRequester, decodeJwtClaims, isAuthError, loadOnce, type AuthBackend, type BackendContext, type DeviceSession, type Session, type SignUpField, type User } from '../kit/index.js'
import { credeblError } from './errors.js'
import * as schemas from './schemas.js'

export interface CredeblBackendOptions {
  /** The platform's API gateway, e.g. `https://api.credebl.id` (routes at `/v1/auth/…`). */
  url: string
  /**
   * The deployment's `CRYPTO_PRIVATE_KEY`: CREDEBL decrypts every password it receives with it (its own
   * front end ships it the same way). Required unless `encryptPasswords` is false; without it, changing
   * and resetting the password are not offered (the platform decrypts those passwords always).
   */
  passwordKey?: string | undefined
  /**
   * Send the sign-in's and the sign-up's passwords encrypted (default), or plain (`isPasswordEncrypted:
   * false`, which the gateway encrypts for them) over TLS. A change or a reset of the password is always
   * sent encrypted: the platform has no plain form of those.
   */
  encryptPasswords?: boolean | undefined
  /** The client alias for the e-mails' branding and links (`clientAlias`). */
  clientAlias?: string | undefined
}

/** CREDEBL's sign-up asks for both names (2–50 characters). */
const SIGN_UP_FIELDS: readonly SignUpField[] = [
  { name: 'firstName', kind: 'givenName', required: true },
  { name: 'lastName', kind: 'familyName', required: true },
]

/** The user from the access token's claims: the auth module has no profile route. */
function userFromToken(accessToken: string): User {
  const claims = decodeJwtClaims(accessToken)
  if (!claims || typeof claims.sub !== 'string') throw new AuthError(AuthErrorCode.InvalidResponse, 'CREDEBL sent an access token without a subject')
  const text = (key: string) => (typeof claims[key] === 'string' ? (claims[key] as string) : null)
  return {
    id: claims.sub,
    email: text('email'),
    emailVerified: claims.email_verified === true,
    phoneNumber: null,
    displayName: text('name') ?? [text('given_name'), text('family_name')].filter(Boolean).join(' '),
    avatarUrl: '',
    isAnonymous: false,
    activeMfaType: null,
    createdAt: null,
    metadata: {},
    raw: claims,
  }
}

/**
 * What a session's `clientInfo` says of the device: "Chrome on Windows (desktop)". A sign-in's is JSON
 * in a string; a client token's session has an object without a browser (nothing to say).
 */
function describeClient(clientInfo: unknown): Pick<DeviceSession, 'description' | 'userAgent' | 'ipAddress'> {
  const none = { description: null, userAgent: null, ipAddress: null }
  if (!clientInfo) return none
  try {
    const info = (typeof clientInfo === 'string' ? JSON.parse(clientInfo) : clientInfo) as { browser?: unknown; os?: unknown; deviceType?: unknown; rawDetail?: unknown; ip?: unknown }
    if (!info || typeof info !== 'object') return none
    const part = (value: unknown) => (typeof value === 'string' && value && value !== 'unknown' ? value : null)
    const [browser, os, device] = [part(info.browser), part(info.os), part(info.deviceType)]
    const where = [browser, os].filter(Boolean).join(' on ')
    // the gateway keeps the whole user agent (rawDetail) and the address (ip) beside what it parsed
    return { description: (where ? `${where}${device ? ` (${device})` : ''}` : device) || null, userAgent: part(info.rawDetail), ipAddress: part(info.ip) }
  } catch {
    return none
  }
}

/**
 * CREDEBL (the API gateway's auth routes): sign-up in three steps (verification e-mail, the link, then
 * the account with both names), sign-in with the password encrypted as the platform decrypts it,
 * refresh (Keycloak rotation; the session id kept), sign-out of this session or of every listed one,
 * the reset e-mail and its link, change of password, and the user's sessions.
 *
 * @example
 * <AuthProvider backend={credebl({ url: 'https://api.example.org', passwordKey: import.meta.env.VITE_CREDEBL_KEY })} storage={localStorageStorage()}>
 */
export function credebl(options: CredeblBackendOptions) {
  const base = `${options.url.replace(/\/$/, '')}/v1/auth`
  const encrypted = options.encryptPasswords !== false
  if (encrypted && !options.passwordKey) throw new AuthError(AuthErrorCode.InvalidInput, 'credebl() needs passwordKey (or encryptPasswords: false)')
  const alias = options.clientAlias ? { clientAlias: options.clientAlias } : {}
  const loadCrypto = loadOnce(() => import('./crypto.js'), 'password encryption')

  /** The password as CREDEBL's sign-in and sign-up take it (apps/api-gateway/src/authz/authz.controller.ts encrypts a plain one). */
  const secret = async (password: string) => (encrypted ? sealed(password) : password)
  /** A password encrypted, as every other route takes it (apps/user/src/user.service.ts decrypts it without asking). */
  const sealed = async (password: string) => (await loadCrypto()).encryptPassword(password, options.passwordKey!)

  const call = createRequester({ base, toError: (status, body) => credeblError(status, body), credentials: 'omit' })

  const toSession = (data: { access_token: string; refresh_token: string; expires_in?: number | undefined }, sessionId: string | null, now: number): Session => {
    const exp = decodeJwtClaims(data.access_token)?.exp
    return {
      accessToken: data.access_token,
      accessTokenExpiresAt: typeof exp === 'number' ? exp * 1000 : data.expires_in ? now + data.expires_in * 1000 : null,
      refreshToken: data.refresh_token,
      sessionId,
      idToken: null,
      user: userFromToken(data.access_token),
    }
  }

  async function signIn(ctx: BackendContext, email: string, password: string): Promise<Session> {
    const { data } = await call(ctx, '/signin', { body: { email: email.trim(), password: await secret(password), isPasswordEncrypted: encrypted }, reply: checked(schemas.signIn) })
    return toSession(data, data.sessionId ?? null, ctx.now())
  }

  /** Signs the listed sessions out (CREDEBL deletes exactly those). */
  const end = (session: Session, ctx: BackendContext, sessions: string[]) => call(ctx, '/signout', { body: { sessions }, accessToken: session.accessToken })

  async function listSessions(session: Session, ctx: BackendContext): Promise<DeviceSession[]> {
    const userId = session.user?.id ?? (session.accessToken ? userFromToken(session.accessToken).id : '')
    const { data } = await call(ctx, `/${encodeURIComponent(userId)}/sessions`, { method: 'GET', accessToken: session.accessToken, reply: checked(schemas.sessions) })
    return data.map((row) => ({ id: row.id, current: row.id === session.sessionId, createdAt: row.createdAt ?? null, expiresAt: row.expiresAt ?? null, lastActiveAt: null, ...describeClient(row.clientInfo) }))
  }

  return {
    id: 'credebl',
    traits: {
      displayName: 'CREDEBL',
      transport: 'bearer' as const,
      // Keycloak answers a refresh with a new refresh token; a realm with "Revoke Refresh Token" on refuses
      // the old one at once, and the browser cannot tell which realm it has: the strict case
      refreshTokenReuseInterval: 0,
    },

    session: {
      async refresh(session, ctx) {
        if (!session.refreshToken) throw new AuthError(AuthErrorCode.InvalidRefreshToken, 'This CREDEBL session has no refresh token')
        const { data } = await call(ctx, '/refresh-token', { body: { refreshToken: session.refreshToken }, reply: checked(schemas.refreshed) })
        // a refresh answers Keycloak's tokens without the session id: this session keeps its own
        return toSession(data, session.sessionId, ctx.now())
      },
      async signOut(session, ctx) {
        if (session.sessionId) await end(session, ctx, [session.sessionId])
      },
      async signOutEverywhere(session, ctx) {
        // every listed session, and this one whether or not the list showed it
        const ids = new Set((await listSessions(session, ctx)).map((s) => s.id))
        if (session.sessionId) ids.add(session.sessionId)
        await end(session, ctx, [...ids])
      },
      async signOutOthers(session, ctx) {
        // without its own id this session could be among those ended: refuse rather than guess
        if (!session.sessionId) throw new AuthError(AuthErrorCode.Unsupported, 'This CREDEBL session does not know its own id')
        const others = (await listSessions(session, ctx)).filter((s) => s.id !== session.sessionId).map((s) => s.id)
        if (others.length > 0) await end(session, ctx, others)
      },
    },

    signIn: {
      async withPassword({ email, password }, ctx) {
        return { kind: 'session', session: await signIn(ctx, email, password) }
      },
    },

    signUp: {
      fields: SIGN_UP_FIELDS,
      /**
       * The account, once the address is verified: until then the verification e-mail is sent (or was
       * already) and the result is `verify-email`; after its link, the same sign-up creates the account
       * and signs in.
       */
      async withPassword({ email, password, fields = {} }, ctx) {
        const body = { email, password: await secret(password), firstName: fields.firstName, lastName: fields.lastName, isPasswordEncrypted: encrypted }
        try {
          await call(ctx, '/signup', { body })
        } catch (error) {
          if (!isAuthError(error, AuthErrorCode.UnverifiedUser)) throw error
          try {
            await call(ctx, '/verification-mail', { body: { email, ...alias }, query: alias })
          } catch (mailError) {
            // the link went out earlier and has not been opened: "verify your e-mail first"
            if (isAuthError(mailError, AuthErrorCode.UnverifiedUser) && mailError.status === 409) throw error
            throw mailError
          }
          return { kind: 'verify-email', email, resume: true }
        }
        return { kind: 'session', session: await signIn(ctx, email, password) }
      },
    },

    devices: {
      list: listSessions,
      async revoke(session, id, ctx) {
        await call(ctx, `/${encodeURIComponent(id)}/sessions`, { method: 'DELETE', accessToken: session.accessToken })
      },
    },

    // the platform decrypts a change's and a reset's passwords whatever the flag: without the key, not offered
    ...(options.passwordKey
      ? {
        password: {
          changeNeedsCurrent: true,
          /** CREDEBL's e-mail carries the link (its platform settings make it): `redirectTo` is not sent. */
          async requestReset({ email }, ctx) {
            try {
              await call(ctx, '/forgot-password', { body: { email, ...alias } })
            } catch (error) {
              // an unknown address is not told apart from a known one
              if (isAuthError(error, AuthErrorCode.InvalidEmailPassword) && error.status === 404) return
              throw error
            }
          },
          async reset({ newPassword, token, email }, ctx) {
            if (!email) throw new AuthError(AuthErrorCode.InvalidInput, 'CREDEBL needs the e-mail address with the reset token')
            await call(ctx, `/password-reset/${encodeURIComponent(email)}`, { body: { password: await sealed(newPassword), token } })
          },
          async change(session, { newPassword, currentPassword }, ctx) {
            const email = session.user?.email
            if (!currentPassword || !email) throw new AuthError(AuthErrorCode.InvalidInput, 'CREDEBL needs the current password and the address to change the password')
            await call(ctx, '/reset-password', { body: { email, oldPassword: await sealed(currentPassword), newPassword: await sealed(newPassword) } })
          },
        },
      }
      : {}),

    email: {
      /** A new verification e-mail; one still valid counts as sent. */
      async sendVerification({ email }, ctx) {
        try {
          await call(ctx, '/verification-mail', { body: { email, ...alias }, query: alias })
        } catch (error) {
          if (!isAuthError(error, AuthErrorCode.UnverifiedUser) || error.status !== 409) throw error
        }
      },
      async verify({ token, email }, ctx) {
        if (!email) throw new AuthError(AuthErrorCode.InvalidInput, 'CREDEBL needs the e-mail address with the verification code')
        await call(ctx, '/verify', { method: 'GET', query: { email, verificationCode: token } })
        return null
      },
    },

    redirect: {
      /** The e-mails' links: verification `?email&verificationCode`, reset `?token&email`. */
      parse(url) {
        const email = url.searchParams.get('email') ?? undefined
        const code = url.searchParams.get('verificationCode')
        if (code) return { kind: 'verify-email', token: code, ...(email ? { email } : {}), purpose: 'verify-email', params: ['email', 'verificationCode'] }
        const token = url.searchParams.get('token')
        // the platform's reset link carries both: a lone `token` on an app's page is the app's own
        if (token && email) return { kind: 'ticket', ticket: token, email, purpose: 'reset-password', params: ['token', 'email'] }
        return null
      },
    },
  } satisfies AuthBackend
}

export { credeblError } from './errors.js'

/** The CREDEBL adapter, typed with the operations it has. */
export type CredeblBackend = ReturnType<typeof credebl>
