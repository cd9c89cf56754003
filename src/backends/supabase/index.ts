import {
  checked,
  AuthError,
  AuthErrorCode,
  createRequester,
  decodeJwtClaims,
  LINK_MARK,
  markedPurpose,
  markLink,
  pkceChallenge,
  randomToken,
  type AnonymousOperations,
  type AuthBackend,
  type BackendContext,
  type EmailOperations,
  type LinkPurpose,
  type MfaOperations,
  type MfaStep,
  type OAuthOperations,
  type PasskeyOperations,
  type OAuthProvider,
  type PasswordOperations,
  type PasswordlessOperations,
  type RedirectOperations,
  type Session,
  type SessionOperations,
  type User,
} from '../kit/index.js'
import { supabaseError } from './errors.js'
import * as schemas from './schemas.js'
import type { SupabaseSession, SupabaseUser } from './schemas.js'

export interface SupabaseBackendOptions {
  /** The project's URL (`https://<ref>.supabase.co`, or a self-hosted gateway); Auth is at `/auth/v1` under it. */
  url: string
  /** The project's anon (publishable) key, sent as `apikey` on every request. */
  anonKey: string
  /** Anonymous sign-ins, where the project turned them on (off by default in Supabase). */
  anonymous?: boolean | undefined
  /** Sign-in by SMS code, where the project has a phone provider. */
  phone?: boolean | undefined
  /** `GOTRUE_PASSWORD_MIN_LENGTH` where not the default 6. */
  passwordPolicy?: { minLength?: number; maxLength?: number } | undefined
  /** `GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL` where not the default 10 (seconds). */
  refreshTokenReuseInterval?: number | undefined
  /** The OAuth providers the project enabled, to offer as buttons (`github`, `google`, or `{ id, name }`). */
  oauthProviders?: ReadonlyArray<string | OAuthProvider> | undefined
  /** Passkeys, where the project turned them on (GoTrue's `/passkeys` routes; its WebAuthn relying party the app's host). */
  passkeys?: boolean | undefined
}

const text = (value: unknown) => (typeof value === 'string' ? value : '')

function toUser(user: SupabaseUser): User {
  const metadata = user.user_metadata ?? {}
  return {
    id: user.id,
    email: user.email || null,
    emailVerified: Boolean(user.email_confirmed_at),
    phoneNumber: user.phone || null,
    displayName: text(metadata.display_name) || text(metadata.full_name) || text(metadata.name),
    avatarUrl: text(metadata.avatar_url),
    isAnonymous: user.is_anonymous ?? false,
    activeMfaType: user.factors?.some((f) => f.factor_type === 'totp' && f.status === 'verified') ? 'totp' : null,
    createdAt: user.created_at ?? null,
    metadata,
    raw: user,
  }
}

/** A verified TOTP factor the user has (the second step of a sign-in challenges it). */
const verifiedTotp = (user: SupabaseUser) => user.factors?.find((f) => f.factor_type === 'totp' && f.status === 'verified')

/**
 * Supabase Auth (GoTrue) from the browser: password sign-up with e-mail confirmation, sign-in with the
 * TOTP step (aal2), refresh with rotation, sign-out on this device or everywhere, recovery, magic links
 * and e-mailed codes, SMS codes and anonymous sign-ins where the project has them. The project's e-mail
 * templates link to the app's page with `token_hash` and `type` (Supabase's guide for PKCE and
 * server-side apps): the page confirms them, no token ever rides in a URL.
 *
 * @example
 * <AuthProvider backend={supabase({ url: 'https://abc.supabase.co', anonKey })} storage={localStorageStorage()}>
 */
export function supabase(options: SupabaseBackendOptions) {
  const call = createRequester({
    base: () => `${options.url.replace(/\/$/, '')}/auth/v1`,
    headers: { apikey: options.anonKey, 'x-supabase-api-version': '2024-01-01' },
    toError: supabaseError,
  })
  /** A spent or expired link (`otp_expired` from a token hash) says the link, not a code, is wrong. */
  const linkError = (status: number, body: unknown) => {
    const error = supabaseError(status, body)
    return error.code === 'invalid-otp' ? new AuthError(AuthErrorCode.InvalidTicket, 'The link is invalid or has expired', { status, serverCode: error.serverCode }) : error
  }

  function toSession(reply: SupabaseSession, ctx: BackendContext): Session {
    const claims = decodeJwtClaims(reply.access_token)
    const expiresAt = reply.expires_at ?? Math.floor(ctx.now() / 1000) + reply.expires_in
    return {
      accessToken: reply.access_token,
      accessTokenExpiresAt: expiresAt * 1000,
      refreshToken: reply.refresh_token,
      sessionId: typeof claims?.session_id === 'string' ? claims.session_id : null,
      idToken: null,
      user: toUser(reply.user),
    }
  }
  const sessionCall = async (ctx: BackendContext, path: string, body: unknown, extra: { query?: Record<string, string>; accessToken?: string | null; toError?: typeof linkError } = {}) =>
    toSession(await call(ctx, path, { body, ...extra, reply: checked(schemas.session) }), ctx)

  const redirectQuery = (redirectTo: string | undefined, purpose: LinkPurpose) => (redirectTo ? { redirect_to: markLink(redirectTo, purpose) } : undefined)
  const me = async (accessToken: string | null, ctx: BackendContext) => call(ctx, '/user', { accessToken, reply: checked(schemas.user) })

  /** Challenges `factorId` and verifies `code` with the session's token: the stepped-up (aal2) session. */
  async function stepUp(ctx: BackendContext, accessToken: string | null, factorId: string, code: string): Promise<Session> {
    const { id } = await call(ctx, `/factors/${encodeURIComponent(factorId)}/challenge`, { body: {}, accessToken, reply: checked(schemas.challenge) })
    return sessionCall(ctx, `/factors/${encodeURIComponent(factorId)}/verify`, { challenge_id: id, code }, { accessToken })
  }

  const session: SessionOperations = {
    async refresh(held, ctx) {
      if (!held.refreshToken) throw new AuthError(AuthErrorCode.InvalidRefreshToken, 'The session has no refresh token')
      return sessionCall(ctx, '/token', { refresh_token: held.refreshToken }, { query: { grant_type: 'refresh_token' } })
    },
    async signOut(held, ctx) {
      await logout(held, 'local', ctx)
    },
    async signOutEverywhere(held, ctx) {
      await logout(held, 'global', ctx)
    },
    async signOutOthers(held, ctx) {
      // internal/api/logout.go: scope `others` ends every session of the user but this one; a 401
      // here means this session is gone, which the caller hears (it refreshes once and retries)
      await call(ctx, '/logout', { body: {}, query: { scope: 'others' }, accessToken: held.accessToken })
    },
    getUser: async (held, ctx) => toUser(await me(held.accessToken, ctx)),
  }
  /** `POST /logout?scope=`: a session the server no longer has is signed out already. */
  async function logout(held: Session, scope: 'local' | 'global', ctx: BackendContext) {
    await call(ctx, '/logout', { body: {}, query: { scope }, accessToken: held.accessToken }).catch((error: unknown) => {
      if (!(error instanceof AuthError && error.code === AuthErrorCode.Unauthorized)) throw error
    })
  }

  const mfa: MfaOperations = {
    // Supabase turns TOTP off with the aal2 a current code gives
    confirmWith: 'code',
    async setupTotp(held, _proof, ctx) {
      const { totp } = await call(ctx, '/factors', { body: { factor_type: 'totp' }, accessToken: held.accessToken, reply: checked(schemas.enrolled) })
      // the server's QR is SVG markup, not a data URL: keyward draws its own from the URI
      return { secret: totp.secret, uri: totp.uri, imageUrl: null }
    },
    async enableTotp(held, code, ctx) {
      // the factor enrolled last and not yet verified
      const pending = (await me(held.accessToken, ctx)).factors?.filter((f) => f.factor_type === 'totp' && f.status === 'unverified').at(-1)
      if (!pending) throw new AuthError(AuthErrorCode.NoTotpSecret, 'No authenticator app is being set up: start again')
      return stepUp(ctx, held.accessToken, pending.id, code)
    },
    async disableTotp(held, { code }, ctx) {
      const factor = verifiedTotp(await me(held.accessToken, ctx))
      if (!factor) throw new AuthError(AuthErrorCode.DisabledMfaTotp, 'Two-step verification is not on')
      if (!code) throw new AuthError(AuthErrorCode.InvalidInput, 'A current code from the authenticator app is needed')
      const stepped = await stepUp(ctx, held.accessToken, factor.id, code)
      await call(ctx, `/factors/${encodeURIComponent(factor.id)}`, { method: 'DELETE', accessToken: stepped.accessToken })
      return { ...stepped, user: toUser(await me(stepped.accessToken, ctx)) }
    },
    async verifyTotp({ ticket, code }, ctx) {
      const pending = parseTicket(ticket)
      return stepUp(ctx, pending.accessToken, pending.factorId, code)
    },
  }

  /**
   * A sign-in's reply, whichever way it came (a password, an e-mailed or texted code, a link, a
   * provider): a user with a verified TOTP factor is at aal1 until the code, so the sign-in is not done
   * (GoTrue signs every first factor in at aal1; supabase-js leaves the step to the app, through
   * `getAuthenticatorAssuranceLevel()`).
   */
  function signInStep(reply: SupabaseSession, ctx: BackendContext): { kind: 'session'; session: Session } | MfaStep {
    const factor = verifiedTotp(reply.user)
    if (factor && decodeJwtClaims(reply.access_token)?.aal !== 'aal2') {
      return { kind: 'mfa', methods: ['totp'], ticket: JSON.stringify({ factorId: factor.id, accessToken: reply.access_token }) }
    }
    return { kind: 'session', session: toSession(reply, ctx) }
  }
  const signInCall = async (ctx: BackendContext, path: string, body: unknown, extra: { query?: Record<string, string>; toError?: typeof linkError } = {}) =>
    signInStep(await call(ctx, path, { body, ...extra, reply: checked(schemas.session) }), ctx)
  /** A link's sign-in: the session, or the second factor's step. */
  const linkSignIn = async (ctx: BackendContext, path: string, body: unknown, query?: Record<string, string>) => {
    const step = await signInCall(ctx, path, body, { ...(query ? { query } : {}), toError: linkError })
    return step.kind === 'session' ? step.session : step
  }

  const passwordSignIn = (ctx: BackendContext, body: Record<string, string>) => signInCall(ctx, '/token', body, { query: { grant_type: 'password' } })

  const password: PasswordOperations = {
    changeNeedsCurrent: false,
    async requestReset({ email, redirectTo }, ctx) {
      await call(ctx, '/recover', { body: { email }, query: redirectQuery(redirectTo, 'reset-password') })
    },
    /** The recovery link's token hash signs in for a moment: the new password is set with that session, which then ends. */
    async reset({ newPassword, token }, ctx) {
      const recovery = await sessionCall(ctx, '/verify', { type: 'recovery', token_hash: token }, { toError: linkError })
      await call(ctx, '/user', { method: 'PUT', body: { password: newPassword }, accessToken: recovery.accessToken })
      await logout(recovery, 'local', ctx).catch(() => undefined)
    },
    async change(held, { newPassword }, ctx) {
      await call(ctx, '/user', { method: 'PUT', body: { password: newPassword }, accessToken: held.accessToken })
    },
  }

  const email: EmailOperations = {
    async sendVerification({ email: address, redirectTo }, ctx) {
      await call(ctx, '/resend', { body: { type: 'signup', email: address }, query: redirectQuery(redirectTo, 'verify-email') })
    },
  }

  const passwordless: PasswordlessOperations = {
    async magicLink({ email: address, redirectTo }, ctx) {
      await call(ctx, '/otp', { body: { email: address, create_user: true }, query: redirectQuery(redirectTo, 'sign-in') })
    },
    async emailOtpStart({ email: address }, ctx) {
      // a code signs in an existing account only; a sign-up is the sign-up form's
      await call(ctx, '/otp', { body: { email: address, create_user: false } })
    },
    emailOtpVerify: ({ email: address, otp }, ctx) => signInCall(ctx, '/verify', { type: 'email', email: address, token: otp }),
    ...(options.phone
      ? {
          async smsStart({ phoneNumber }: { phoneNumber: string }, ctx: BackendContext) {
            await call(ctx, '/otp', { body: { phone: phoneNumber, create_user: true } })
          },
          smsVerify: ({ phoneNumber, otp }: { phoneNumber: string; otp: string }, ctx: BackendContext) => signInCall(ctx, '/verify', { type: 'sms', phone: phoneNumber, token: otp }),
        }
      : {}),
  }

  const anonymous: AnonymousOperations = {
    signIn: ({ displayName }, ctx) => sessionCall(ctx, '/signup', { data: displayName ? { display_name: displayName } : {} }),
    /**
     * Links an address and a password to the guest: `PUT /user {email, password}`; the link sent to the
     * address (`type=email_change`) confirms it, and the user is no longer anonymous.
     */
    async deanonymize(held, { email: address, password: secret, redirectTo }, ctx) {
      await call(ctx, '/user', { method: 'PUT', body: { email: address, password: secret }, query: redirectQuery(redirectTo, 'change-email'), accessToken: held.accessToken })
    },
  }

  const oauth: OAuthOperations = {
    providers: options.oauthProviders ?? [],
    /**
     * `GET /authorize` with a PKCE challenge: the browser goes there, the provider, then back to
     * `redirectTo` with `?code=` (the flow's auth code); the verifier stays in this tab (`state`).
     */
    async providerUrl(provider, { redirectTo }) {
      const verifier = randomToken(48)
      const url = new URL(`${options.url.replace(/\/$/, '')}/auth/v1/authorize`, typeof location === 'undefined' ? undefined : location.href)
      url.searchParams.set('provider', provider)
      if (redirectTo) url.searchParams.set('redirect_to', markLink(redirectTo, 'sign-in'))
      url.searchParams.set('code_challenge', await pkceChallenge(verifier))
      url.searchParams.set('code_challenge_method', 's256')
      return { url: String(url), state: { verifier } }
    },
  }

  /**
   * The challenge ids of the WebAuthn options handed out, by challenge: the verify names the one its
   * credential answers (read from the credential's client data), however many are open (autofill and
   * a button).
   */
  const challengeIds = new Map<string, string>()
  async function passkeyOptions(ctx: BackendContext, path: string, accessToken?: string | null) {
    const reply = await call(ctx, path, { body: {}, ...(accessToken ? { accessToken } : {}), reply: checked(schemas.passkeyOptions) })
    challengeIds.set(reply.options.challenge, reply.challenge_id)
    return reply.options as never
  }
  /** The verify's body: the challenge id the credential answers, and the credential. */
  function passkeyVerify(credential: { response: { clientDataJSON: string } }) {
    let challenge = ''
    try {
      challenge = String((JSON.parse(atob(credential.response.clientDataJSON.replace(/-/g, '+').replace(/_/g, '/'))) as { challenge?: unknown }).challenge ?? '')
    } catch {
      // not a WebAuthn response: no challenge of ours
    }
    const id = challengeIds.get(challenge)
    if (!id) throw new AuthError(AuthErrorCode.PasskeyFailed, 'The passkey answered a challenge this page did not ask for')
    challengeIds.delete(challenge)
    return { challenge_id: id, credential }
  }
  const passkey: PasskeyOperations = {
    signInOptions: (_input, ctx) => passkeyOptions(ctx, '/passkeys/authentication/options'),
    signInVerify: ({ credential }, ctx) => sessionCall(ctx, '/passkeys/authentication/verify', passkeyVerify(credential)),
    addOptions: (held, ctx) => passkeyOptions(ctx, '/passkeys/registration/options', held.accessToken),
    async addVerify(held, { credential }, ctx) {
      const added = await call(ctx, '/passkeys/registration/verify', { body: passkeyVerify(credential), accessToken: held.accessToken, reply: checked(schemas.passkey) })
      return { id: added.id, nickname: added.friendly_name || null }
    },
    async list(held, ctx) {
      const listed = await call(ctx, '/passkeys', { accessToken: held.accessToken, reply: checked(schemas.passkeys) })
      // GoTrue's passkey id is the WebAuthn credential id; it keeps no AAGUID
      return listed.map((k) => ({ id: k.id, nickname: k.friendly_name || null, createdAt: k.created_at ?? null, credentialId: k.id, aaguid: null, lastUsedAt: k.last_used_at ?? null }))
    },
    async remove(held, id, ctx) {
      await call(ctx, `/passkeys/${encodeURIComponent(id)}`, { method: 'DELETE', accessToken: held.accessToken })
    },
  }

  const redirect: RedirectOperations = {
    /** The project's templates link to the app's page with `token_hash` and `type` (and keyward's mark on `redirect_to`). */
    parse(url) {
      // back from a provider: the PKCE flow's auth code, on a page the adapter marked
      const code = url.searchParams.get('code')
      if (code && markedPurpose(url) === 'sign-in') return { kind: 'code', code, state: null, purpose: 'sign-in', params: ['code', LINK_MARK] }
      // a provider's refusal comes back as `?error=…&error_code=…` (internal/api/external.go)
      const refused = url.searchParams.get('error_code') ?? url.searchParams.get('error')
      if (refused && markedPurpose(url) === 'sign-in') {
        const error = new AuthError(AuthErrorCode.AccessDenied, 'The provider or Supabase refused the sign-in', { serverCode: refused })
        return { kind: 'error', error, purpose: 'sign-in', params: ['error', 'error_code', 'error_description', LINK_MARK] }
      }
      const token = url.searchParams.get('token_hash')
      const type = url.searchParams.get('type')
      if (!token || !type) return null
      const params = ['token_hash', 'type', LINK_MARK]
      // the recovery link signs in (at aal1: a user with TOTP still owes the code) for the new password
      if (type === 'recovery') return { kind: 'one-time-token', token, purpose: 'reset-password', params }
      if (type === 'email_change') return { kind: 'one-time-token', token, purpose: 'change-email', params }
      if (!['signup', 'invite', 'magiclink', 'email'].includes(type)) return null
      const purpose = markedPurpose(url) ?? (type === 'magiclink' ? 'sign-in' : 'verify-email')
      return { kind: 'one-time-token', token, purpose, params }
    },
    /** `POST /verify` with the token hash (`email` takes a confirmation's and a magic link's): the session it signs in. */
    async finish(result, state, ctx) {
      if (result.kind === 'code') {
        // `POST /token?grant_type=pkce` with the verifier this tab kept
        if (!state?.verifier) throw new AuthError(AuthErrorCode.InvalidTicket, 'This sign-in was not started here')
        return linkSignIn(ctx, '/token', { auth_code: result.code, code_verifier: state.verifier }, { grant_type: 'pkce' })
      }
      if (result.kind !== 'one-time-token') throw new AuthError(AuthErrorCode.InvalidRequest, `Supabase sends no ${result.kind} back to the app`)
      // `email_change` confirms an added address (whoever holds a session here keeps it)
      if (result.purpose === 'change-email') return sessionCall(ctx, '/verify', { type: 'email_change', token_hash: result.token }, { toError: linkError })
      // `recovery`: the session the new password is set with (PUT /user; aal2 first where the user has
      // TOTP, internal/api/user.go); `email`: a confirmation's or a magic link's hash. A user with TOTP
      // still owes the code
      return linkSignIn(ctx, '/verify', { type: result.purpose === 'reset-password' ? 'recovery' : 'email', token_hash: result.token })
    },
  }

  return {
    id: 'supabase',
    traits: {
      displayName: 'Supabase',
      transport: 'bearer',
      passwordPolicy: options.passwordPolicy ?? { minLength: 6 },
      refreshTokenReuseInterval: options.refreshTokenReuseInterval ?? 10,
    },
    session,
    signIn: {
      withPassword: ({ email: address, password: secret }, ctx) => passwordSignIn(ctx, { email: address, password: secret }),
    },
    signUp: {
      async withPassword(input, ctx) {
        const data = { ...input.metadata, ...(input.displayName ? { display_name: input.displayName } : {}) }
        const reply = await call(ctx, '/signup', { body: { email: input.email, password: input.password, data }, query: redirectQuery(input.redirectTo, 'verify-email'), reply: checked(schemas.signUp) })
        // no session: the address is to be confirmed first (or, for an address already confirmed, the
        // server answers the same, so as not to tell who has an account)
        return 'access_token' in reply ? { kind: 'session', session: toSession(reply, ctx) } : { kind: 'verify-email', email: input.email }
      },
    },
    mfa,
    password,
    email,
    passwordless,
    ...(options.anonymous ? { anonymous } : {}),
    oauth,
    ...(options.passkeys ? { passkey } : {}),
    redirect,
  } satisfies AuthBackend
}

/** The sign-in's second step as the adapter handed it: the factor and the aal1 token to step up. */
function parseTicket(ticket: string | undefined): { factorId: string; accessToken: string } {
  try {
    const parsed = JSON.parse(ticket ?? '') as { factorId?: unknown; accessToken?: unknown }
    if (typeof parsed.factorId === 'string' && typeof parsed.accessToken === 'string') return { factorId: parsed.factorId, accessToken: parsed.accessToken }
  } catch {
    // not the adapter's ticket
  }
  throw new AuthError(AuthErrorCode.InvalidTicket, 'The two-step sign-in has expired: sign in again')
}

export { supabaseError } from './errors.js'

/** The Supabase adapter, typed with the operations it has. */
export type SupabaseBackend = ReturnType<typeof supabase>
