import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser'
import { checked, AuthError, AuthErrorCode, type AuthBackend, type BackendContext, type Requester, type ResponseSchema, type Session } from '../kit/index.js'
import * as schemas from './schemas.js'
import type { NhostSession } from './schemas.js'

/** What the flows share with the main module: its request builder, its session reading, its URLs. */
export interface FlowDeps {
  call: Requester
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


type Ops<K extends keyof AuthBackend> = NonNullable<AuthBackend[K]>
type Groups = {
  mfa: Pick<Ops<'mfa'>, 'setupTotp' | 'enableTotp' | 'disableTotp'>
  passkey: Ops<'passkey'>
  password: Omit<Ops<'password'>, 'changeNeedsCurrent'>
  email: Ops<'email'>
  passwordless: Ops<'passwordless'>
  anonymous: Ops<'anonymous'>
  pat: Ops<'pat'>
  oauth: Omit<Ops<'oauth'>, 'providers'>
}

/**
 * The Nhost flows most sign-ins never use, loaded with the first of them: second-factor enrolment,
 * passkeys, codes and links, the account's changes. `nhost()` lists each operation by name (what it
 * lists is what the backend offers); the password, the code step of a sign-in and the session are in
 * index.ts.
 */
export function nhostFlows(deps: FlowDeps) {
  const { call, toSession, url } = deps
  const invalidResponse = (message: string) => new AuthError(AuthErrorCode.InvalidResponse, message)
  const requireSession = (session: Session | null) => {
    if (!session) throw invalidResponse('The server finished sign-in without a session')
    return session
  }

  const session = async (ctx: BackendContext, path: string, body: unknown, accessToken?: string | null) => {
    const reply = await call(ctx, path, { body, accessToken, reply: checked(schemas.sessionPayload) })
    return reply.session ? toSession(reply.session, ctx.now()) : null
  }

  return {
    // enrolment; the sign-in's code step (`verifyTotp`) is in index.ts
    mfa: {
      async setupTotp(s, _proof, ctx) {
        const reply = await call(ctx, '/mfa/totp/generate', { method: 'GET', accessToken: s.accessToken, reply: totpGenerate })
        return { secret: reply.totpSecret, imageUrl: reply.imageUrl || null }
      },
      enableTotp: (s, code, ctx) => call(ctx, '/user/mfa', { body: { code, activeMfaType: 'totp' }, accessToken: s.accessToken }),
      // an empty activeMfaType turns multi-factor authentication off
      disableTotp: (s, { code }, ctx) => call(ctx, '/user/mfa', { body: { code, activeMfaType: '' }, accessToken: s.accessToken }),
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
        // Nhost's e-mailed code answers a session, never a challenge (SignInOTPEmailVerifyResponse)
        return { kind: 'session', session: requireSession(await session(ctx, '/signin/otp/email/verify', { email, otp })) }
      },
      smsStart: ({ phoneNumber }, ctx) => call(ctx, '/signin/passwordless/sms', { body: { phoneNumber } }),
      async smsVerify({ phoneNumber, otp }, ctx) {
        const reply = await call(ctx, '/signin/passwordless/sms/otp', { body: { phoneNumber, otp }, reply: checked(schemas.signInResponse) })
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

/** The groups `nhostFlows` returns. */
export type NhostFlows = ReturnType<typeof nhostFlows>
