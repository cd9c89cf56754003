import { checked, AuthError, AuthErrorCode, createRequester, decodeJwtClaims, type AuthBackend, type AuthErrorCode as Code, type BackendContext, type RequestOptions, type Session, type SignUpField, type User } from '../kit/index.js'
import { medusaError } from './errors.js'
import * as schemas from './schemas.js'
import type { MedusaCustomer } from './schemas.js'

export interface MedusaBackendOptions {
  /** The Medusa server's base URL (its store API is under `/store`), e.g. `https://shop.example.com`. */
  url: string
  /**
   * `'cookie'` (default): Medusa's `connect.sid` session cookie; no token ever reaches JavaScript and
   * the session is restored on page load with one `GET /store/auth`. `'jwt'`: a 30-day token from
   * `POST /store/auth/token`, kept by the configured storage and sent as `Authorization: Bearer`.
   */
  mode?: 'cookie' | 'jwt' | undefined
  /** Sent as `x-publishable-api-key` (sales channels). */
  publishableApiKey?: string | undefined
}

/** The customer's fields a sign-up sends besides e-mail and password (Medusa's `POST /store/customers`). */
const SIGN_UP_FIELDS: readonly SignUpField[] = [
  { name: 'first_name', kind: 'givenName', required: true },
  { name: 'last_name', kind: 'familyName', required: true },
  { name: 'phone', kind: 'phone', required: false },
]

function toUser(customer: MedusaCustomer): User {
  return {
    id: customer.id,
    email: customer.email,
    // Medusa does not verify addresses
    emailVerified: false,
    phoneNumber: customer.phone ?? null,
    displayName: [customer.first_name, customer.last_name].filter(Boolean).join(' '),
    avatarUrl: '',
    isAnonymous: false,
    activeMfaType: null,
    createdAt: customer.created_at ?? null,
    metadata: customer.metadata ?? {},
    // first_name, last_name, has_account and the rest, as Medusa sent them
    raw: customer,
  }
}

/**
 * Medusa 1.20 store customers: sign-up, password sign-in, sign-out, the account-exists check of the
 * identifier-first sign-in, and the reset by token, with Medusa's cookie session or its JWT.
 *
 * @example
 * <AuthProvider backend={medusa({ url: 'https://shop.example.com' })} storage={localStorageStorage()}>
 */
export function medusa(options: MedusaBackendOptions) {
  const base = new URL(options.url, typeof location === 'undefined' ? undefined : location.href).toString().replace(/\/$/, '')
  const cookie = (options.mode ?? 'cookie') === 'cookie'
  const headers = options.publishableApiKey ? { 'x-publishable-api-key': options.publishableApiKey } : undefined

  const call = createRequester({
    base,
    toError: (status, body) => medusaError(status, body),
    ...(headers ? { headers } : {}),
    // the session cookie goes both ways in cookie mode; in JWT mode no cookie is kept or sent
    credentials: cookie ? 'include' : 'omit',
  })
  /** A 401 that means a wrong e-mail or password here (elsewhere it means no session). */
  const wrongCredentials = (status: number, body: unknown) => medusaError(status, body, 'invalid-email-password' satisfies Code)

  const customerCall = async (ctx: BackendContext, path: string, init: Omit<RequestOptions<unknown>, 'reply'> = {}) =>
    toUser((await call(ctx, path, { ...init, reply: checked(schemas.customerReply) })).customer)

  /** A cookie session: the browser holds it; keyward keeps only whose it is. */
  const cookieSession = (user: User): Session => ({ accessToken: null, accessTokenExpiresAt: null, refreshToken: null, sessionId: null, idToken: null, user })

  /** `POST /store/auth/token`: a session on the JWT, expiring at its `exp` (the user is read next). */
  async function tokenSession(ctx: BackendContext, email: string, password: string): Promise<Session> {
    const { access_token } = await call(ctx, '/store/auth/token', { body: { email, password }, toError: wrongCredentials, reply: checked(schemas.tokenReply) })
    const exp = decodeJwtClaims(access_token)?.exp
    if (typeof exp !== 'number') throw new AuthError(AuthErrorCode.InvalidResponse, 'Medusa sent a token without an expiry')
    return { accessToken: access_token, accessTokenExpiresAt: exp * 1000, refreshToken: null, sessionId: null, idToken: null, user: null }
  }

  const me = (session: Session, ctx: BackendContext) => customerCall(ctx, '/store/auth', { accessToken: session.accessToken })

  return {
    id: 'medusa',
    traits: { displayName: 'Medusa', transport: cookie ? ('cookie' as const) : ('bearer' as const) },

    session: {
      ...(cookie
        ? {
            /** The cookie session the browser holds: whose it is, or `null` (401) when none. */
            async restore(ctx: BackendContext) {
              try {
                return cookieSession(await customerCall(ctx, '/store/auth'))
              } catch (error) {
                if (error instanceof AuthError && error.code === AuthErrorCode.Unauthorized) return null
                throw error
              }
            },
          }
        : {}),
      async signOut(_session: Session, ctx: BackendContext) {
        // a JWT cannot be revoked (it lapses at its `exp`): forgetting it is the sign-out
        if (cookie) await call(ctx, '/store/auth', { method: 'DELETE' })
      },
      getUser: me,
    },

    signIn: {
      async withPassword({ email, password }, ctx) {
        const session = cookie ? cookieSession(await customerCall(ctx, '/store/auth', { body: { email, password }, toError: wrongCredentials })) : await tokenSession(ctx, email, password)
        return { kind: 'session', session }
      },
      async accountExists({ email }, ctx) {
        return (await call(ctx, `/store/auth/${encodeURIComponent(email)}`, { reply: checked(schemas.exists) })).exists
      },
    },

    signUp: {
      fields: SIGN_UP_FIELDS,
      async withPassword({ email, password, fields = {}, metadata }, ctx) {
        const { first_name, last_name, phone } = fields
        // the new customer is signed in with the cookie Medusa sets (cookie mode), or with a token
        let user = await customerCall(ctx, '/store/customers', { body: { email, password, first_name, last_name, ...(phone ? { phone } : {}) } })
        const session = cookie ? cookieSession(user) : await tokenSession(ctx, email, password)
        // the sign-up takes no metadata: the app's extra fields are stored on the new customer next
        if (metadata && Object.keys(metadata).length > 0) {
          user = await customerCall(ctx, '/store/customers/me', { body: { metadata }, accessToken: session.accessToken })
        }
        return { kind: 'session', session: cookie ? cookieSession(user) : { ...session, user } }
      },
    },

    password: {
      changeNeedsCurrent: false,
      /** The shop e-mails the link (its `customer.password_reset` subscriber): `redirectTo` is the shop's template's to make. */
      async requestReset({ email }, ctx) {
        await call(ctx, '/store/customers/password-token', { body: { email } })
      },
      async reset({ newPassword, token, email }, ctx) {
        if (!email) throw new AuthError(AuthErrorCode.InvalidInput, 'Medusa needs the e-mail address with the reset token')
        try {
          await call(ctx, '/store/customers/password-reset', { body: { email, password: newPassword, token }, reply: checked(schemas.customerReply) })
        } catch (error) {
          // a spent, expired or foreign token: Medusa's token check throws untyped, answered as a 500
          // `unknown_error` (observed on 1.20.11)
          if (error instanceof AuthError && error.serverCode === 'unknown_error') throw new AuthError(AuthErrorCode.InvalidTicket, 'Medusa refused the reset token', { status: error.status, serverCode: error.serverCode })
          throw error
        }
      },
      async change(session, { newPassword }, ctx) {
        await call(ctx, '/store/customers/me', { body: { password: newPassword }, accessToken: session.accessToken })
      },
    },

    redirect: {
      /** The reset link of the shop's e-mail: `?token=…&email=…` (as Medusa's starter storefronts build it). */
      parse(url) {
        const token = url.searchParams.get('token')
        const email = url.searchParams.get('email')
        // Medusa's reset needs both: a lone `token` on an app's page is the app's own
        if (!token || !email) return null
        return { kind: 'ticket', ticket: token, email, purpose: 'reset-password', params: ['token', 'email'] }
      },
    },
  } satisfies AuthBackend
}

export { medusaError } from './errors.js'

/** The Medusa adapter, typed with the operations it has. */
export type MedusaBackend = ReturnType<typeof medusa>
