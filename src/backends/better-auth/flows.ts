import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser'
import { AuthError, markLink, type AuthBackend, type AuthErrorCode, type BackendContext, type DeviceSession, type Requester, type ResponseSchema, type Session } from '../kit/index.js'
import type { BetterAuthUser } from './schemas.js'

// better-auth's flows most sign-ins never use, loaded with the first of them: two-factor enrolment,
// passkeys, codes and magic links, reset, verification, devices. `betterAuth()` lists each operation
// by name (what it lists is what the backend offers); the password sign-in, its code step and what a
// link finishes are in index.ts.

export interface FlowDeps {
  call: Requester
  /** A session from the `set-auth-token` header and the user. */
  toSession(bearer: string | null, user: BetterAuthUser): Session
  /** A call answering `{ user }` with the bearer token in `set-auth-token`, as a session. */
  sessionCall(ctx: BackendContext, path: string, body: unknown): Promise<Session>
}

type Ops<K extends keyof AuthBackend> = NonNullable<AuthBackend[K]>
type Groups = {
  mfa: Pick<Ops<'mfa'>, 'setupTotp' | 'enableTotp' | 'disableTotp' | 'regenerateBackupCodes'>
  password: Omit<Ops<'password'>, 'changeNeedsCurrent'>
  email: Ops<'email'>
  devices: Ops<'devices'>
  passwordless: Ops<'passwordless'>
  anonymous: Ops<'anonymous'>
  passkey: Ops<'passkey'>
  account: Pick<Ops<'account'>, 'delete'>
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null
const codes = (value: unknown): value is string[] => Array.isArray(value) && value.every((code) => typeof code === 'string')
// `POST /two-factor/enable`: `{ totpURI, backupCodes }`
const enabled: ResponseSchema<{ totpURI: string; backupCodes: string[] }> = (value) =>
  isObject(value) && typeof value.totpURI === 'string' && value.totpURI.startsWith('otpauth://') && codes(value.backupCodes)
    ? { ok: true, value: value as { totpURI: string; backupCodes: string[] } }
    : { ok: false, issues: [{ path: 'totpURI', expected: 'an otpauth URI and backup codes' }] }
// `POST /two-factor/generate-backup-codes`: `{ status, backupCodes }`
const regenerated: ResponseSchema<{ backupCodes: string[] }> = (value) =>
  isObject(value) && codes(value.backupCodes)
    ? { ok: true, value: value as { backupCodes: string[] } }
    : { ok: false, issues: [{ path: 'backupCodes', expected: 'an array of strings' }] }

interface ListedSession {
  id: string
  token: string
  createdAt: string | null
  expiresAt: string | null
  /** The session's last update: better-auth touches it as the session is used (updateAge). */
  updatedAt?: string | null
  userAgent: string | null
  ipAddress?: string | null
}

// `GET /list-sessions`: the fields keyward reads, checked with plain code (no second schema chunk)
// `GET /verify-email`: `{ status: true, user }` (the user's fields are not read unless a session came)
const verifiedEmail: ResponseSchema<{ user?: BetterAuthUser | null }> = (value) =>
  isObject(value) && value.status === true
    ? { ok: true, value: value as { user?: BetterAuthUser | null } }
    : { ok: false, issues: [{ path: 'status', expected: 'true' }] }

// `GET /passkey/generate-*-options`: WebAuthn options JSON, checked where the browser would choke
const webAuthnOptions: ResponseSchema<PublicKeyCredentialCreationOptionsJSON & PublicKeyCredentialRequestOptionsJSON> = (value) =>
  isObject(value) && typeof value.challenge === 'string' && value.challenge.length > 0
    ? { ok: true, value: value as unknown as PublicKeyCredentialCreationOptionsJSON & PublicKeyCredentialRequestOptionsJSON }
    : { ok: false, issues: [{ path: 'challenge', expected: 'a base64url string' }] }

interface StoredPasskey {
  id: string
  name?: string | null
  createdAt?: string | null
  /** The WebAuthn credential id (base64url); `id` is the row's. */
  credentialID?: string | null
  aaguid?: string | null
}
const optionalString = (value: unknown) => value == null || typeof value === 'string'
const storedPasskey = (value: unknown): value is StoredPasskey =>
  isObject(value) && typeof value.id === 'string' && optionalString(value.name) && optionalString(value.credentialID) && optionalString(value.aaguid)
// `POST /passkey/verify-registration`: the stored passkey
const registered: ResponseSchema<StoredPasskey> = (value) =>
  storedPasskey(value) ? { ok: true, value } : { ok: false, issues: [{ path: 'id', expected: 'a string' }] }
// `GET /passkey/list-user-passkeys`: the stored passkeys
const listedPasskeys: ResponseSchema<StoredPasskey[]> = (value) =>
  Array.isArray(value) && value.every(storedPasskey)
    ? { ok: true, value }
    : { ok: false, issues: [{ path: '', expected: 'an array of passkeys with id' }] }

const listedSessions: ResponseSchema<ListedSession[]> = (value) =>
  Array.isArray(value) && value.every((s) => s && typeof s === 'object' && typeof s.id === 'string' && typeof s.token === 'string')
    ? { ok: true, value: value as ListedSession[] }
    : { ok: false, issues: [{ path: '', expected: 'an array of sessions with id and token' }] }

// `POST /delete-user`: `{ success: true, message: 'User deleted' | 'Verification email sent' }`
const deletedUser: ResponseSchema<{ message: string }> = (value) =>
  value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string'
    ? { ok: true, value: value as { message: string } }
    : { ok: false, issues: [{ path: 'message', expected: 'a string' }] }

export function betterAuthFlows(deps: FlowDeps) {
  const { call } = deps
  const fail = (code: AuthErrorCode, message: string) => new AuthError(code, message)
  // better-auth revokes a session by its token, which the list hands out: kept here, by id, so that
  // no other session's token reaches the app's state
  const tokens = new Map<string, string>()
  // the bearer token is `<session token>.<signature>`
  const sessionToken = (bearer: string | null) => (bearer ?? '').split('.')[0]

  /**
   * A signed-in call after which better-auth may hand out a new session (enabling or disabling
   * two-factor deletes the old one): the new bearer token from `set-auth-token`, or nothing.
   */
  async function replacing(session: Session, ctx: BackendContext, path: string, body: unknown): Promise<Session | undefined> {
    let bearer: string | null = null
    await call(ctx, path, { body, accessToken: session.accessToken, onResponse: (headers) => (bearer = headers.get('set-auth-token')) })
    return bearer && bearer !== session.accessToken ? { ...session, accessToken: bearer } : undefined
  }

  return {
    mfa: {
      async setupTotp(session, { password }, ctx) {
        const reply = await call(ctx, '/two-factor/enable', { body: { password }, accessToken: session.accessToken, reply: enabled })
        const secret = new URL(reply.totpURI).searchParams.get('secret')
        if (!secret) throw fail('invalid_response', 'better-auth sent a TOTP URI without a secret')
        return { secret, uri: reply.totpURI, imageUrl: null, backupCodes: reply.backupCodes }
      },
      // the first code from the app turns two-factor on (and replaces the session)
      enableTotp: (session, code, ctx) => replacing(session, ctx, '/two-factor/verify-totp', { code }),
      disableTotp: (session, { password }, ctx) => replacing(session, ctx, '/two-factor/disable', { password }),
      async regenerateBackupCodes(session, { password }, ctx) {
        return (await call(ctx, '/two-factor/generate-backup-codes', { body: { password }, accessToken: session.accessToken, reply: regenerated })).backupCodes
      },
    },
    password: {
      // the link's page is marked: better-auth sends only `?token=` back
      requestReset: ({ email, redirectTo }, ctx) => call(ctx, '/request-password-reset', { body: { email, ...(redirectTo ? { redirectTo: markLink(redirectTo, 'reset-password') } : {}) } }),
      reset: ({ newPassword, token }, ctx) => call(ctx, '/reset-password', { body: { newPassword, token } }),
      async change(session, { newPassword, currentPassword }, ctx) {
        // the other sessions stay: signing them out is `<Sessions />`'s, or sign-out everywhere
        await call(ctx, '/change-password', { body: { newPassword, currentPassword, revokeOtherSessions: false }, accessToken: session.accessToken })
      },
    },
    email: {
      sendVerification: ({ email, redirectTo }, ctx) =>
        call(ctx, '/send-verification-email', { body: { email, ...(redirectTo ? { callbackURL: markLink(redirectTo, 'verify-email') } : {}) } }),
      async verify({ token }, ctx) {
        // a session only where the server signs in after verification (autoSignInAfterVerification)
        let bearer: string | null = null
        const reply = await call(ctx, `/verify-email?token=${encodeURIComponent(token)}`, { method: 'GET', onResponse: (headers) => (bearer = headers.get('set-auth-token')), reply: verifiedEmail })
        return bearer && reply.user ? deps.toSession(bearer, reply.user) : null
      },
    },
    passwordless: {
      async magicLink({ email, redirectTo }, ctx) {
        // the link goes to the auth server, which signs the browser in with its cookie and sends it on
        // to `callbackURL`, marked so that the landing page knows to read that session
        const back = redirectTo ?? globalThis.location?.href
        if (!back) throw fail('invalid-request', 'better-auth needs redirectTo: the page the magic link returns to')
        await call(ctx, '/sign-in/magic-link', { body: { email, callbackURL: markLink(back, 'sign-in') } })
      },
      // the emailOTP plugin: a code by e-mail signs in (and signs up an unknown address, unless the
      // server turned that off)
      emailOtpStart: ({ email }, ctx) => call(ctx, '/email-otp/send-verification-otp', { body: { email, type: 'sign-in' } }),
      // the two-factor plugin asks its second step after /sign-in/email, /username and /phone-number
      // only (plugins/two-factor): a code sent to the address signs in without it
      emailOtpVerify: async ({ email, otp }, ctx) => ({ kind: 'session', session: await deps.sessionCall(ctx, '/sign-in/email-otp', { email, otp }) }),
    },
    anonymous: {
      // the anonymous plugin; an anonymous user becomes a regular one by signing up (the server links them)
      signIn: (_input, ctx) => deps.sessionCall(ctx, '/sign-in/anonymous', {}),
    },
    passkey: {
      // the passkey plugin: the challenge waits in a signed cookie between options and verification,
      // so both calls send cookies. No passkey sign-up (registration needs a session) and no elevation.
      signInOptions: (_input, ctx) =>
        // no e-mail: better-auth offers discoverable credentials to a caller without a session
        call(ctx, '/passkey/generate-authenticate-options', { method: 'GET', credentials: 'include', reply: webAuthnOptions }),
      signInVerify: ({ credential }, ctx) => deps.sessionCall(ctx, '/passkey/verify-authentication', { response: credential }),
      addOptions: (session, ctx) =>
        call(ctx, '/passkey/generate-register-options', { method: 'GET', accessToken: session.accessToken, credentials: 'include', reply: webAuthnOptions }),
      async addVerify(session, { credential, nickname }, ctx) {
        const body = { response: credential, ...(nickname ? { name: nickname } : {}) }
        const stored = await call(ctx, '/passkey/verify-registration', { body, accessToken: session.accessToken, credentials: 'include', reply: registered })
        return { id: stored.id, nickname: stored.name ?? null }
      },
      async list(session, ctx) {
        const listed = await call(ctx, '/passkey/list-user-passkeys', { method: 'GET', accessToken: session.accessToken, reply: listedPasskeys })
        // no last use: the plugin's passkey table has no such column
        return listed.map((p) => ({ id: p.id, nickname: p.name ?? null, createdAt: p.createdAt ?? null, credentialId: p.credentialID ?? null, aaguid: p.aaguid ?? null, lastUsedAt: null }))
      },
      async remove(session, id, ctx) {
        await call(ctx, '/passkey/delete-passkey', { body: { id }, accessToken: session.accessToken })
      },
      // `POST /passkey/update-passkey`: the new name (trimmed, not empty) of one of the user's passkeys
      async rename(session, id, nickname, ctx) {
        await call(ctx, '/passkey/update-passkey', { body: { id, name: nickname }, accessToken: session.accessToken })
      },
    },
    account: {
      // POST /delete-user with the password (without it better-auth wants a session younger than its
      // freshAge): the user and every session of it gone, or the confirmation e-mail sent first
      async delete(session, { password }, ctx) {
        const reply = await call(ctx, '/delete-user', { body: password === undefined ? {} : { password }, accessToken: session.accessToken, reply: deletedUser })
        return reply.message === 'Verification email sent' ? 'confirm-by-email' : 'deleted'
      },
    },
    devices: {
      async list(session, ctx): Promise<DeviceSession[]> {
        const listed = await call(ctx, '/list-sessions', { method: 'GET', accessToken: session.accessToken, reply: listedSessions })
        tokens.clear()
        for (const s of listed) tokens.set(s.id, s.token)
        return listed.map((s) => ({
          id: s.id,
          current: s.token === sessionToken(session.accessToken),
          createdAt: s.createdAt ?? null,
          expiresAt: s.expiresAt ?? null,
          description: s.userAgent ?? null,
          userAgent: s.userAgent ?? null,
          lastActiveAt: s.updatedAt ?? null,
          ipAddress: s.ipAddress || null,
        }))
      },
      async revoke(session, id, ctx) {
        const token = tokens.get(id)
        if (!token) throw fail('invalid-request', 'No such session: list the sessions first')
        await call(ctx, '/revoke-session', { body: { token }, accessToken: session.accessToken })
        tokens.delete(id)
      },
    },
  } satisfies Groups
}

/** The groups `betterAuthFlows` returns. */
export type BetterAuthFlows = ReturnType<typeof betterAuthFlows>
