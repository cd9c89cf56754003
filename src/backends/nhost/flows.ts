import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser'
import { AuthError, AuthErrorCode, type AuthBackend, type BackendContext, type RedirectOperations, type Requester, type ResponseSchema, type Session } from '../kit/index.js'
import { nhostError } from './errors.js'
import type * as SchemaModule from './schemas.js'
import type { NhostSession } from './schemas.js'

type Schemas = typeof SchemaModule

/** What the flows share with the main module: its request builder, its session reading, its URLs. */
export interface FlowDeps {
  call: Requester<Schemas>
  toSession: (session: NhostSession, now: number) => Session
  url: (path: string) => string
}

// These replies only feed values through (WebAuthn options go on to the browser, which validates
// them): check the fields keyward reads, with plain code rather than another schema import.
const fields =
  <T>(...keys: string[]): ResponseSchema<T> =>
  (value) =>
    typeof value === 'object' && value !== null && keys.every((key) => typeof (value as Record<string, unknown>)[key] === 'string')
      ? { ok: true, value: value as T }
      : { ok: false, issues: keys.map((key) => ({ path: key, expected: 'string' })) }
const totpGenerate = fields<{ imageUrl: string; totpSecret: string }>('totpSecret')
const creationOptions = fields<PublicKeyCredentialCreationOptionsJSON>('challenge')
const requestOptions = fields<PublicKeyCredentialRequestOptionsJSON>('challenge')
const addedKey = fields<{ id: string; nickname?: string }>('id')
const createdPat = fields<{ id: string; personalAccessToken: string }>('id', 'personalAccessToken')

const withoutUndefined = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined))

/** `{ options: { redirectTo } }` when there is one, nothing otherwise (the spec forbids empty extras). */
const redirectOptions = (redirectTo: string | undefined) => (redirectTo ? { options: { redirectTo } } : {})


// the link parser is links.ts (core reads a link before any request); `nhost()` hands these groups on
// as they are, so what they hold is what the backend offers
type Groups = Required<Pick<AuthBackend, 'mfa' | 'passkey' | 'password' | 'email' | 'passwordless' | 'anonymous' | 'pat' | 'oauth'>> & { redirect: Required<Pick<RedirectOperations, 'finish'>> }

/**
 * The flow groups of the Nhost backend beside the session and the password: the second factor,
 * passkeys, codes and links, the account's changes. `nhost()` lists each operation by name.
 */
export function nhostFlows(deps: FlowDeps) {
  const { call, toSession, url } = deps
  const invalidResponse = (message: string) => new AuthError(AuthErrorCode.InvalidResponse, message)
  const requireSession = (session: Session | null) => {
    if (!session) throw invalidResponse('The server finished sign-in without a session')
    return session
  }

  const session = async (ctx: BackendContext, path: string, body: unknown, accessToken?: string | null) => {
    const reply = await call(ctx, path, { body, accessToken, pick: (s) => s.checked(s.sessionPayload) })
    return reply.session ? toSession(reply.session, ctx.now()) : null
  }

  return {
    mfa: {
      confirmWith: 'code',
      async setupTotp(s, _proof, ctx) {
        const reply = await call(ctx, '/mfa/totp/generate', { method: 'GET', accessToken: s.accessToken, reply: totpGenerate })
        return { secret: reply.totpSecret, imageUrl: reply.imageUrl || null }
      },
      enableTotp: (s, code, ctx) => call(ctx, '/user/mfa', { body: { code, activeMfaType: 'totp' }, accessToken: s.accessToken }),
      // an empty activeMfaType turns multi-factor authentication off
      disableTotp: (s, { code }, ctx) => call(ctx, '/user/mfa', { body: { code, activeMfaType: '' }, accessToken: s.accessToken }),
      async verifyTotp({ ticket, code }, ctx) {
        // Nhost carries the pending sign-in in the ticket its sign-in answered
        if (!ticket) throw nhostError(401, { error: 'invalid-ticket' })
        return requireSession(await session(ctx, '/signin/mfa/totp', { ticket, otp: code }))
      },
    },

    passkey: {
      signInOptions: ({ email }, ctx) =>
        call(ctx, '/signin/webauthn', { body: email ? { email } : {}, reply: requestOptions }),
      async signInVerify({ credential }, ctx) {
        return requireSession(await session(ctx, '/signin/webauthn/verify', { credential: wire(credential) }))
      },
      signUpOptions: ({ email, displayName, redirectTo }, ctx) => {
        const options = withoutUndefined({ displayName, redirectTo })
        return call(ctx, '/signup/webauthn', {
          body: Object.keys(options).length ? { email, options } : { email },
          reply: creationOptions,
        })
      },
      signUpVerify: ({ credential, nickname }, ctx) => session(ctx, '/signup/webauthn/verify', withoutUndefined({ credential, nickname })),
      addOptions: (s, ctx) =>
        call(ctx, '/user/webauthn/add', { method: 'POST', accessToken: s.accessToken, reply: creationOptions }),
      async addVerify(s, { credential, nickname }, ctx) {
        const reply = await call(ctx, '/user/webauthn/verify', { body: withoutUndefined({ credential, nickname }), accessToken: s.accessToken, reply: addedKey })
        return { id: reply.id, nickname: reply.nickname ?? null }
      },
      elevateOptions: (s, ctx) =>
        call(ctx, '/elevate/webauthn', { method: 'POST', accessToken: s.accessToken, reply: requestOptions }),
      async elevateVerify(s, { credential }, ctx) {
        return requireSession(await session(ctx, '/elevate/webauthn/verify', { credential: wire(credential) }, s.accessToken))
      },
    },

    password: {
      requestReset: ({ email, redirectTo }, ctx) => call(ctx, '/user/password/reset', { body: { email, ...redirectOptions(redirectTo) } }),
      // the ticket of a custom reset link; the default link signs in (a refresh token) and uses `change`
      reset: ({ newPassword, token }, ctx) => call(ctx, '/user/password', { body: { newPassword, ticket: token } }),
      changeNeedsCurrent: false,
      change: (s, { newPassword }, ctx) => call(ctx, '/user/password', { body: { newPassword }, accessToken: s.accessToken }),
    },

    email: {
      sendVerification: ({ email, redirectTo }, ctx) =>
        call(ctx, '/user/email/send-verification-email', { body: { email, ...redirectOptions(redirectTo) } }),
      change: (s, { newEmail, redirectTo }, ctx) =>
        call(ctx, '/user/email/change', { body: { newEmail, ...redirectOptions(redirectTo) }, accessToken: s.accessToken }),
    },

    passwordless: {
      magicLink: ({ email, redirectTo }, ctx) => call(ctx, '/signin/passwordless/email', { body: { email, ...redirectOptions(redirectTo) } }),
      emailOtpStart: ({ email }, ctx) => call(ctx, '/signin/otp/email', { body: { email } }),
      async emailOtpVerify({ email, otp }, ctx) {
        return requireSession(await session(ctx, '/signin/otp/email/verify', { email, otp }))
      },
      smsStart: ({ phoneNumber }, ctx) => call(ctx, '/signin/passwordless/sms', { body: { phoneNumber } }),
      async smsVerify({ phoneNumber, otp }, ctx) {
        const reply = await call(ctx, '/signin/passwordless/sms/otp', { body: { phoneNumber, otp }, pick: (s) => s.checked(s.signInResponse) })
        if (reply.session) return { kind: 'session', session: toSession(reply.session, ctx.now()) }
        if (reply.mfa) return { kind: 'mfa', ticket: reply.mfa.ticket, methods: ['totp'] }
        throw invalidResponse('The server answered the SMS code with neither a session nor a challenge')
      },
    },

    anonymous: {
      async signIn({ displayName, locale }, ctx) {
        return requireSession(await session(ctx, '/signin/anonymous', withoutUndefined({ displayName, locale })))
      },
      deanonymize: (s, { email, password, redirectTo }, ctx) =>
        call(ctx, '/user/deanonymize', {
          body: { signInMethod: 'email-password', email, password, ...redirectOptions(redirectTo) },
          accessToken: s.accessToken,
        }),
    },

    oauth: {
      async providerUrl(provider, { redirectTo, session: s }) {
        const target = new URL(url(`/signin/provider/${encodeURIComponent(provider)}`))
        if (redirectTo) target.searchParams.set('redirectTo', redirectTo)
        // linking: hasura-auth identifies the signed-in user by an access token in `connect`
        if (s?.accessToken) target.searchParams.set('connect', s.accessToken)
        return target.toString()
      },
    },

    redirect: {
      async finish(result, _state, ctx) {
        // hasura-auth's links and OAuth callbacks carry a refresh token, nothing else signs in
        if (result.kind !== 'refresh-token') throw invalidResponse(`hasura-auth sent no ${result.kind} redirect`)
        return toSession(await call(ctx, '/token', { body: { refreshToken: result.refreshToken }, pick: (s) => s.checked(s.nhostSession) }), ctx.now())
      },
    },

    pat: {
      create: (s, { expiresAt, metadata }, ctx) =>
        call(ctx, '/pat', { body: withoutUndefined({ expiresAt: expiresAt.toISOString(), metadata }), accessToken: s.accessToken, reply: createdPat }),
      async signIn({ personalAccessToken }, ctx) {
        return requireSession(await session(ctx, '/signin/pat', { personalAccessToken }))
      },
    },
  } satisfies Groups
}

/** hasura-auth's `userHandle` is a plain string and may not be null; drop it when absent. */
function wire(credential: AuthenticationResponseJSON) {
  const { userHandle, ...response } = credential.response
  return { ...credential, response: userHandle ? { ...response, userHandle } : response }
}
