import {
  checked,
  AuthError,
  AuthErrorCode,
  createRequester,
  isAuthError,
  LINK_MARK,
  markedPurpose,
  markLink,
  toAuthError,
  type AuthBackend,
  type BackendContext,
  type OAuthOperations,
  type OAuthProvider,
  type PasskeyOperations,
  type PasswordlessOperations,
  type RedirectOperations,
  type Session,
  type SessionOperations,
  type SignInOperations,
  type SignUpInput,
  type SignUpOperations,
  type User,
} from '../kit/index.js'
import { authJsError, authJsRefusal, refusalOf } from './errors.js'
import * as schemas from './schemas.js'
import type { AuthJsUser } from './schemas.js'

export interface AuthJsBackendOptions {
  /** Where the app mounts Auth.js (its `basePath`). Default `/api/auth`, on the page's origin. */
  url?: string | undefined
  /** The Credentials provider's id, for e-mail and password sign-in (default `credentials`); `false` where there is none. */
  credentials?: string | false | undefined
  /** The id of an e-mail provider (Nodemailer, Resend, a custom one): magic links. Absent: none. */
  email?: string | undefined
  /** The OAuth and OpenID Connect providers to offer as buttons, by their Auth.js id (`github`, `google`). */
  oauthProviders?: ReadonlyArray<string | OAuthProvider> | undefined
  /** The Passkey (WebAuthn) provider's id where it is on (`experimental.enableWebAuthn`): `true` for `passkey`. */
  passkey?: boolean | string | undefined
  /**
   * The app's own account creation, which Auth.js leaves to the app (a route, a server action):
   * resolves once the account exists, rejects with an AuthError (`email-already-in-use`). keyward then
   * signs the new account in with the Credentials provider. Absent: no sign-up form.
   */
  signUp?: ((input: SignUpInput, ctx: BackendContext) => Promise<void>) | undefined
  /** The password rules the app's sign-up enforces, for the forms to check first. */
  passwordPolicy?: { minLength?: number; maxLength?: number } | undefined
}

function toUser(user: AuthJsUser): User {
  return {
    // Auth.js puts no id in the session unless the app's `session` callback adds it (`token.sub`)
    id: user.id || user.email || '',
    email: user.email ?? null,
    // Auth.js's session does not say
    emailVerified: false,
    phoneNumber: null,
    displayName: user.name ?? '',
    avatarUrl: user.image ?? '',
    isAnonymous: false,
    activeMfaType: null,
    createdAt: null,
    metadata: {},
    raw: user,
  }
}

/** A cookie session: the browser holds Auth.js's session cookie; keyward keeps only whose it is. */
const cookieSession = (user: AuthJsUser): Session => ({ accessToken: null, accessTokenExpiresAt: null, refreshToken: null, sessionId: null, idToken: null, user: toUser(user) })

/**
 * Auth.js (`@auth/core`, NextAuth.js v5, `@auth/express`, …) on the app's origin: its session cookie,
 * its CSRF token on every POST, the Credentials provider for e-mail and password, an e-mail provider's
 * magic links, OAuth providers, and the Passkey provider. Auth.js has no sign-up, password reset,
 * two-step verification or sessions list: only what the app's configuration names is offered.
 *
 * @example
 * <AuthProvider backend={authJs({ email: 'resend', oauthProviders: ['github'], passkey: true })} storage={localStorageStorage()}>
 */
export function authJs(options: AuthJsBackendOptions = {}) {
  const credentialsId = options.credentials === false ? null : (options.credentials ?? 'credentials')
  const passkeyId = options.passkey === true ? 'passkey' : options.passkey || null
  const register = options.signUp

  // the session is Auth.js's cookie: every call sends it
  const call = createRequester({ base: options.url ?? '/api/auth', credentials: 'include', toError: authJsError })

  // the CSRF token matches a cookie that lasts the browser session: fetched once, again where refused
  let csrfToken: Promise<string> | null = null
  const csrf = (ctx: BackendContext) => {
    const pending = (csrfToken ??= call(ctx, '/csrf', { reply: checked(schemas.csrf) }).then((reply) => reply.csrfToken))
    pending.catch(() => csrfToken === pending && (csrfToken = null))
    return pending
  }

  /**
   * A POST Auth.js answers with a redirect, asked as JSON (`X-Auth-Return-Redirect`): resolves with the
   * URL of a success, rejects with the refusal its `?error=` names. A CSRF refusal (an expired cookie)
   * fetches a new token and sends once more.
   */
  async function post(ctx: BackendContext, path: string, fields: Record<string, string>, retried = false): Promise<string> {
    const token = await csrf(ctx)
    const { url } = await call(ctx, path, { body: { ...fields, csrfToken: token }, form: true, headers: { 'x-auth-return-redirect': '1' }, reply: checked(schemas.redirected) })
    const refusal = refusalOf(url)
    if (refusal === 'MissingCSRF' && !retried) {
      if (csrfToken && (await csrfToken.catch(() => null)) === token) csrfToken = null
      return post(ctx, path, fields, true)
    }
    if (refusal) throw authJsRefusal(refusal)
    return url
  }

  /** `GET /session`: the browser's session, `null` where it holds none. */
  const current = async (ctx: BackendContext) => {
    const reply = await call(ctx, '/session', { reply: checked(schemas.session) })
    if (!reply) return null
    // a user with neither id nor address cannot be told from another
    if (!reply.user.id && !reply.user.email) throw new AuthError(AuthErrorCode.InvalidResponse, 'Auth.js sent a session whose user has neither an id nor an e-mail address: add the id in the session callback (session.user.id = token.sub)')
    return cookieSession(reply.user)
  }

  /** After a callback that set the session cookie: the session it set. */
  async function signedIn(ctx: BackendContext): Promise<Session> {
    const session = await current(ctx)
    // the callback succeeded but no cookie came back: a proxy or the browser dropped it
    if (!session) throw new AuthError(AuthErrorCode.Misconfigured, 'Auth.js signed in, but its session cookie did not come back: is Auth.js on the page’s origin (or its cookies set for this site)?')
    return session
  }

  async function passwordSignIn(ctx: BackendContext, email: string, password: string): Promise<Session> {
    await post(ctx, `/callback/${credentialsId}`, { email, password })
    return signedIn(ctx)
  }

  const webAuthnOptions = async (ctx: BackendContext, query: Record<string, string | undefined>) => {
    const reply = await call(ctx, `/webauthn-options/${passkeyId}`, { query, reply: checked(schemas.webAuthnOptions) })
    if (reply.action !== query.action) throw new AuthError(AuthErrorCode.InvalidResponse, `Auth.js answered ${reply.action} options to a ${query.action} request`)
    return reply.options as never
  }
  /** `POST /callback/passkey` with the browser's credential: the session it set. */
  const webAuthnCallback = async (ctx: BackendContext, action: 'authenticate' | 'register', credential: unknown) => {
    await post(ctx, `/callback/${passkeyId}`, { action, data: JSON.stringify(credential) })
    return signedIn(ctx)
  }

  const session: SessionOperations = {
    /** The cookie session the browser holds: one `GET /session` on page load. */
    restore: current,
    async signOut(_session, ctx) {
      await post(ctx, '/signout', {})
    },
    async getUser(_session, ctx) {
      const held = await current(ctx)
      // the cookie expired or was cleared: the session has ended
      if (!held?.user) throw new AuthError(AuthErrorCode.Unauthorized, 'The session has ended', { status: 401 })
      return held.user
    },
  }

  const signIn: SignInOperations | undefined = credentialsId
    ? { withPassword: async ({ email, password }, ctx) => ({ kind: 'session', session: await passwordSignIn(ctx, email, password) }) }
    : undefined

  const signUp: SignUpOperations | undefined =
    register && credentialsId
      ? {
          async withPassword(input, ctx) {
            try {
              await register(input, ctx)
            } catch (error) {
              throw isAuthError(error) ? error : toAuthError(error)
            }
            return { kind: 'session', session: await passwordSignIn(ctx, input.email, input.password) }
          },
        }
      : undefined

  const passwordless: PasswordlessOperations | undefined = options.email
    ? {
        /** The e-mail provider sends a link to `/callback/<id>`, which sets the cookie and returns to `redirectTo`. */
        async magicLink({ email, redirectTo }, ctx) {
          await post(ctx, `/signin/${options.email}`, { email, ...(redirectTo ? { callbackUrl: markLink(redirectTo, 'sign-in') } : {}) })
        },
      }
    : undefined

  const oauth: OAuthOperations | undefined = options.oauthProviders
    ? {
        providers: options.oauthProviders,
        /** `POST /signin/<provider>` sets the state and PKCE cookies and answers the provider's page. */
        providerUrl: (provider, { redirectTo }, ctx) => post(ctx, `/signin/${encodeURIComponent(provider)}`, redirectTo ? { callbackUrl: markLink(redirectTo, 'sign-in') } : {}),
      }
    : undefined

  const passkey: PasskeyOperations | undefined = passkeyId
    ? {
        // the challenge waits in Auth.js's cookie between the options and the callback
        signInOptions: (_input, ctx) => webAuthnOptions(ctx, { action: 'authenticate' }),
        signInVerify: ({ credential }, ctx) => webAuthnCallback(ctx, 'authenticate', credential),
        // a new account: Auth.js creates the user when its first passkey is registered
        signUpOptions: ({ email }, ctx) => webAuthnOptions(ctx, { action: 'register', email }),
        signUpVerify: ({ credential }, ctx) => webAuthnCallback(ctx, 'register', credential),
        addOptions: (_session, ctx) => webAuthnOptions(ctx, { action: 'register' }),
        async addVerify(_session, { credential }, ctx) {
          await webAuthnCallback(ctx, 'register', credential)
          return { id: credential.id, nickname: null }
        },
      }
    : undefined

  const redirect: RedirectOperations = {
    /**
     * Auth.js returns the browser to the page it was given after a magic link or a provider, with its
     * own cookie set and nothing of its own on the URL: only pages the adapter marked are read.
     */
    parse: (url) => (markedPurpose(url) === 'sign-in' ? { kind: 'server-session', purpose: 'sign-in', params: [LINK_MARK] } : null),
    async finish(result, _state, ctx) {
      if (result.kind !== 'server-session') throw new AuthError(AuthErrorCode.InvalidRequest, `Auth.js sends no ${result.kind} back to the app`)
      return current(ctx)
    },
  }

  return {
    id: 'authjs',
    traits: { displayName: 'Auth.js', transport: 'cookie', ...(options.passwordPolicy ? { passwordPolicy: options.passwordPolicy } : {}) },
    session,
    ...(signIn ? { signIn } : {}),
    ...(signUp ? { signUp } : {}),
    ...(passwordless ? { passwordless } : {}),
    ...(oauth ? { oauth } : {}),
    ...(passkey ? { passkey } : {}),
    redirect,
  } satisfies AuthBackend
}

export { authJsRefusal } from './errors.js'

/** The Auth.js adapter, typed with the operations it has. */
export type AuthJsBackend = ReturnType<typeof authJs>
