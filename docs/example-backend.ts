import * as v from 'valibot'
import {
  AuthError,
  AuthErrorCode,
  checked,
  codeForStatus,
  createRequester,
  isAuthErrorCode,
  type AuthBackend,
  type Session,
  type User,
} from 'keyward/backends/kit'

// The example adapter of docs/writing-a-backend.md, written only on keyward/backends/kit: e-mail and
// password sign-up and sign-in, a rotating refresh token, sign-out (here and everywhere), the user,
// and a password reset by e-mailed link. Its server is keyward's reference backend (`npm run dev`
// serves it at /auth/v1), whose JSON routes stand in for any auth API of this shape.

export interface ExampleBackendOptions {
  /** The auth API's base URL, e.g. `https://auth.example.com/v1` or `/auth/v1`. */
  url: string
  /** The server's password rule, for the forms to check before sending. */
  minPasswordLength?: number
}

// 1. What the server answers, checked at the boundary: anything else is `invalid_response`.
const user = v.object({
  id: v.string(),
  email: v.nullable(v.optional(v.string())),
  emailVerified: v.boolean(),
  displayName: v.string(),
  avatarUrl: v.string(),
  createdAt: v.optional(v.string()),
})
const session = v.object({
  accessToken: v.string(),
  accessTokenExpiresIn: v.number(),
  refreshToken: v.string(),
  refreshTokenId: v.string(),
  user: v.optional(v.nullable(user)),
})
const sessionReply = checked(v.object({ session: v.optional(v.nullable(session)) }))
const signInReply = checked(v.object({ session: v.optional(v.nullable(session)), mfa: v.optional(v.nullable(v.object({ ticket: v.string() }))) }))
const tokenReply = checked(session)
const userReply = checked(user)

// 2. keyward's shapes: every field the server cannot provide is `null`, the server's record in `raw`.
function toUser(raw: v.InferOutput<typeof user>): User {
  return {
    id: raw.id,
    email: raw.email ?? null,
    emailVerified: raw.emailVerified,
    phoneNumber: null,
    displayName: raw.displayName,
    avatarUrl: raw.avatarUrl,
    isAnonymous: false,
    activeMfaType: null,
    createdAt: raw.createdAt ?? null,
    metadata: {},
    raw,
  }
}

function toSession(reply: v.InferOutput<typeof session>, now: number): Session {
  return {
    accessToken: reply.accessToken,
    // a relative lifetime: a device clock that is off does not matter
    accessTokenExpiresAt: now + reply.accessTokenExpiresIn * 1000,
    refreshToken: reply.refreshToken,
    sessionId: reply.refreshTokenId,
    idToken: null,
    user: reply.user ? toUser(reply.user) : null,
  }
}

// 3. The server's refusals as AuthErrors: its own code where keyward knows it, else one from the status.
function toError(status: number, body: unknown): AuthError {
  const said = (body as { error?: unknown } | null)?.error
  const code = typeof said === 'string' && isAuthErrorCode(said) ? said : codeForStatus(status)
  return new AuthError(code, `The server refused the request (${typeof said === 'string' ? said : status})`, {
    status,
    serverCode: typeof said === 'string' ? said : undefined,
  })
}

/**
 * An adapter for an auth API with e-mail and password accounts and rotating refresh tokens.
 *
 * @example
 * <AuthProvider backend={exampleBackend({ url: '/auth/v1' })} storage={localStorageStorage()}>
 */
export function exampleBackend(options: ExampleBackendOptions) {
  const call = createRequester({ base: options.url, toError })

  return {
    id: 'example',
    traits: { displayName: 'Example', transport: 'bearer', passwordPolicy: { minLength: options.minPasswordLength ?? 9 } },

    session: {
      async refresh(current, ctx) {
        const reply = await call(ctx, '/token', { body: { refreshToken: current.refreshToken }, reply: tokenReply })
        const next = toSession(reply, ctx.now())
        return next.user ? next : { ...next, user: current.user }
      },
      async signOut(current, ctx) {
        await call(ctx, '/signout', { body: { refreshToken: current.refreshToken } })
      },
      async signOutEverywhere(current, ctx) {
        await call(ctx, '/signout', { body: { refreshToken: current.refreshToken, all: true }, accessToken: current.accessToken })
      },
      async getUser(current, ctx) {
        return toUser(await call(ctx, '/user', { accessToken: current.accessToken, reply: userReply }))
      },
    },

    signIn: {
      async withPassword({ email, password }, ctx) {
        const reply = await call(ctx, '/signin/email-password', { body: { email, password }, reply: signInReply })
        if (reply.session) return { kind: 'session', session: toSession(reply.session, ctx.now()) }
        // a second factor this adapter does not offer: the sign-in cannot finish here
        if (reply.mfa) throw new AuthError(AuthErrorCode.Unsupported, 'This account has two-step verification on')
        return { kind: 'verify-email', email }
      },
    },

    signUp: {
      async withPassword({ email, password, displayName, redirectTo }, ctx) {
        const extra = { ...(displayName ? { displayName } : {}), ...(redirectTo ? { redirectTo } : {}) }
        const body = Object.keys(extra).length ? { email, password, options: extra } : { email, password }
        const reply = await call(ctx, '/signup/email-password', { body, reply: sessionReply })
        return reply.session ? { kind: 'session', session: toSession(reply.session, ctx.now()) } : { kind: 'verify-email', email }
      },
    },

    password: {
      // the reset link signs the user in for the new password: setting it needs no current one
      changeNeedsCurrent: false,
      async requestReset({ email, redirectTo }, ctx) {
        await call(ctx, '/user/password/reset', { body: { email, ...(redirectTo ? { options: { redirectTo } } : {}) } })
      },
      async change(current, { newPassword }, ctx) {
        await call(ctx, '/user/password', { body: { newPassword }, accessToken: current.accessToken })
      },
    },

    // 4. The e-mailed link comes back to the app as `?refreshToken=…&type=passwordReset`: core removes
    // the parameters from the address bar, then asks `finish` for the session the token opens.
    redirect: {
      parse(url) {
        const refreshToken = url.searchParams.get('refreshToken')
        if (!refreshToken || url.searchParams.get('type') !== 'passwordReset') return null
        return { kind: 'refresh-token', refreshToken, purpose: 'reset-password', params: ['refreshToken', 'type'] }
      },
      async finish(link, _state, ctx) {
        if (link.kind !== 'refresh-token') return null
        return toSession(await call(ctx, '/token', { body: { refreshToken: link.refreshToken }, reply: tokenReply }), ctx.now())
      },
    },
  } satisfies AuthBackend
}
