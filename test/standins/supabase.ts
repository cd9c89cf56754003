import { createHash } from 'node:crypto'
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server'
import { jwtVerify, SignJWT } from 'jose'
import { Secret, TOTP } from 'otpauth'
import { renderSVG } from 'uqr'

// A stand-in for Supabase Auth (GoTrue, written in Go: it cannot be built here), its `/auth/v1` routes
// written from the server's public source (github.com/supabase/auth at bc32168, files cited as
// internal/...), facts only, and driven by Supabase's own client (@supabase/auth-js, in
// supabase-official-client.test.ts): where the client and this stand-in disagree, this is wrong.
// Configured as a project usually is: e-mail confirmation on (mailer_autoconfirm false), refresh-token
// rotation with a 10 s reuse interval, anonymous sign-ins and TOTP MFA on, and the e-mail templates
// linking to the app's page with `token_hash` and `type` (Supabase's guide for server-side and PKCE
// apps), not to GET /verify. What the source does not decide (the mail provider) is the outbox.

const ACCESS_SECONDS = 3600 // GOTRUE_JWT_EXP default
const OTP_SECONDS = 3600 // GOTRUE_MAILER_OTP_EXP default
const CHALLENGE_SECONDS = 300 // internal/conf: MFA challenge expiry default
const FLOW_SECONDS = 300 // GOTRUE_EXTERNAL_FLOW_STATE_EXPIRY_DURATION default
const PASSKEY_SECONDS = 300
const MAX_PASSKEYS = 10
/** GOTRUE_WEBAUTHN_RP_ID and display name: the app's host is `localhost` in the tests and the demo. */
const RP_ID = 'localhost'
const RP_NAME = 'keyward (Supabase stand-in)'
/** The OAuth providers the project enabled (here: stand-ins that approve at once). */
const PROVIDERS = ['github', 'google']

interface Factor {
  id: string
  friendly_name: string
  factor_type: 'totp'
  status: 'verified' | 'unverified'
  secret: string
  created_at: string
  updated_at: string
}

interface StoredUser {
  id: string
  email: string | null
  phone: string | null
  password: string | null
  email_confirmed_at: string | null
  phone_confirmed_at: string | null
  /** internal/models/user.go: confirmation and recovery tokens are the hashes of the OTP sent. */
  confirmation_token: string
  confirmation_sent_at: number | null
  recovery_token: string
  recovery_sent_at: number | null
  phone_token: string
  phone_sent_at: number | null
  /** The address being added (internal/models/user.go EmailChange) and its token, sent to it. */
  email_change: string | null
  email_change_token_new: string
  email_change_sent_at: number | null
  user_metadata: Record<string, unknown>
  is_anonymous: boolean
  created_at: string
  updated_at: string
  last_sign_in_at: string | null
  factors: Factor[]
  passkeys: Passkey[]
}

/** internal/models (webauthn credentials): a passkey of the user. */
interface Passkey {
  id: string
  publicKey: Uint8Array<ArrayBuffer>
  counter: number
  friendly_name: string
  created_at: string
  last_used_at: string | null
}

interface StoredSession {
  id: string
  userId: string
  aal: 'aal1' | 'aal2'
  amr: Array<{ method: string; timestamp: number }>
}

interface RefreshToken {
  token: string
  sessionId: string
  parent: string | null
  revoked: boolean
  updatedAt: number
}

export interface Sent {
  to: string
  /** The template: `signup` (confirmation), `recovery`, `magiclink`, `email_change`, `sms`. */
  kind: 'signup' | 'recovery' | 'magiclink' | 'email_change' | 'sms'
  /** `{{ .Token }}`: the six-digit code. */
  token: string
  /** `{{ .TokenHash }}`. */
  tokenHash: string
  /** `{{ .RedirectTo }}`. */
  redirectTo: string
}

export interface SupabaseStandInOptions {
  /** GOTRUE_MAILER_AUTOCONFIRM: sign-ups signed in at once, no confirmation e-mail. Default false. */
  autoconfirm?: boolean
  /** GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL (seconds). Default 10. */
  reuseInterval?: number
  /** GOTRUE_JWT_EXP (seconds). Default 3600. */
  accessSeconds?: number
  /** The project's anon key, required as `apikey` (the API gateway's check). */
  anonKey?: string
  now?: () => number
}

/** internal/crypto: GenerateTokenHash — sha224 hex of the address and the OTP. */
const tokenHash = (address: string, otp: string) => createHash('sha224').update(address + otp).digest('hex')
const otpCode = () => String(crypto.getRandomValues(new Uint32Array(1))[0]! % 1_000_000).padStart(6, '0')

export function supabaseStandIn(options: SupabaseStandInOptions = {}) {
  const now = options.now ?? Date.now
  const anonKey = options.anonKey ?? 'anon-key-of-the-stand-in'
  const reuseInterval = options.reuseInterval ?? 10
  const accessSeconds = options.accessSeconds ?? ACCESS_SECONDS
  const secret = crypto.getRandomValues(new Uint8Array(32))
  const users = new Map<string, StoredUser>()
  const sessions = new Map<string, StoredSession>()
  const refreshTokens = new Map<string, RefreshToken>()
  const challenges = new Map<string, { factorId: string; expiresAt: number }>()
  const outbox: Sent[] = []
  /** internal/models/flow_state.go: a PKCE sign-in by provider, by its auth code. */
  const flows = new Map<string, { challenge: string; userId: string; issuedAt: number }>()
  /** internal/api/passkey_*.go: WebAuthn challenges by id (single use, five minutes), and for whom. */
  const passkeyChallenges = new Map<string, { challenge: string; expiresAt: number; userId: string | null; origin: string }>()
  let origin = 'http://localhost'

  const iso = (ms = now()) => new Date(ms).toISOString()
  // the API version the client asked for (internal/api/errors.go): 2024-01-01 answers `{code, message}`
  let modern = true
  // …and says which version answered in the same header (HandleResponseError), which the client reads
  const error = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
    modern
      ? Response.json({ code, message, ...extra }, { status, headers: { 'x-supabase-api-version': '2024-01-01' } })
      : Response.json({ code: status, error_code: code, msg: message, ...extra }, { status })
  const byEmail = (email: string) => [...users.values()].find((u) => u.email === email)
  /** internal/api/phone.go formatPhoneNumber: stored and compared without `+` and spaces. */
  const formatPhone = (phone: string) => phone.replace(/^\+/, '').replace(/ /g, '')
  const byPhone = (phone: string) => [...users.values()].find((u) => u.phone === formatPhone(phone))

  /** internal/models/user.go as the API serializes it (the fields @supabase/auth-js's `User` reads). */
  function userJson(u: StoredUser) {
    const provider = u.is_anonymous ? 'anonymous' : u.phone && !u.email ? 'phone' : 'email'
    return {
      id: u.id,
      aud: 'authenticated',
      role: 'authenticated',
      email: u.email ?? '',
      email_confirmed_at: u.email_confirmed_at ?? undefined,
      phone: u.phone ?? '',
      phone_confirmed_at: u.phone_confirmed_at ?? undefined,
      confirmation_sent_at: u.confirmation_sent_at ? iso(u.confirmation_sent_at) : undefined,
      recovery_sent_at: u.recovery_sent_at ? iso(u.recovery_sent_at) : undefined,
      confirmed_at: u.email_confirmed_at ?? u.phone_confirmed_at ?? undefined,
      last_sign_in_at: u.last_sign_in_at ?? undefined,
      app_metadata: u.is_anonymous ? {} : { provider, providers: [provider] },
      user_metadata: u.user_metadata,
      identities: u.is_anonymous ? [] : [{ identity_id: crypto.randomUUID(), id: u.id, user_id: u.id, identity_data: { email: u.email, sub: u.id }, provider, created_at: u.created_at, updated_at: u.updated_at, email: u.email }],
      factors: u.factors.length ? u.factors.map(({ secret: _, ...f }) => f) : undefined,
      created_at: u.created_at,
      updated_at: u.updated_at,
      is_anonymous: u.is_anonymous,
    }
  }

  /** internal/tokens/service.go: the access token's claims. */
  async function accessToken(u: StoredUser, s: StoredSession): Promise<{ token: string; exp: number }> {
    const iat = Math.floor(now() / 1000)
    const exp = iat + accessSeconds
    const token = await new SignJWT({
      aud: 'authenticated',
      email: u.email ?? '',
      phone: u.phone ?? '',
      app_metadata: userJson(u).app_metadata,
      user_metadata: u.user_metadata,
      role: 'authenticated',
      aal: s.aal,
      amr: s.amr,
      session_id: s.id,
      is_anonymous: u.is_anonymous,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(u.id)
      .setIssuer(`${origin}/auth/v1`)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(secret)
    return { token, exp }
  }

  function newRefreshToken(sessionId: string, parent: string | null): string {
    const token = crypto.randomUUID().replace(/-/g, '').slice(0, 12)
    refreshTokens.set(token, { token, sessionId, parent, revoked: false, updatedAt: now() })
    return token
  }

  /** The session reply (`AccessTokenResponse`): the fields @supabase/auth-js's `Session` reads. */
  async function sessionJson(u: StoredUser, s: StoredSession, refresh: string) {
    const { token, exp } = await accessToken(u, s)
    return { access_token: token, token_type: 'bearer', expires_in: accessSeconds, expires_at: exp, refresh_token: refresh, user: userJson(u) }
  }

  async function signIn(u: StoredUser, method: string) {
    const s: StoredSession = { id: crypto.randomUUID(), userId: u.id, aal: 'aal1', amr: [{ method, timestamp: Math.floor(now() / 1000) }] }
    sessions.set(s.id, s)
    u.last_sign_in_at = iso()
    return sessionJson(u, s, newRefreshToken(s.id, null))
  }

  function send(to: string, kind: Sent['kind'], redirectTo: string, u: StoredUser): Sent {
    const token = otpCode()
    const hash = tokenHash(to, token)
    if (kind === 'signup') [u.confirmation_token, u.confirmation_sent_at] = [hash, now()]
    else if (kind === 'sms') [u.phone_token, u.phone_sent_at] = [hash, now()]
    else if (kind === 'email_change') [u.email_change_token_new, u.email_change_sent_at] = [hash, now()]
    else [u.recovery_token, u.recovery_sent_at] = [hash, now()]
    const sent = { to, kind, token, tokenHash: hash, redirectTo }
    outbox.push(sent)
    return sent
  }

  function newUser(fields: Partial<StoredUser>): StoredUser {
    const u: StoredUser = {
      id: crypto.randomUUID(),
      email: null,
      phone: null,
      password: null,
      email_confirmed_at: null,
      phone_confirmed_at: null,
      confirmation_token: '',
      confirmation_sent_at: null,
      recovery_token: '',
      recovery_sent_at: null,
      phone_token: '',
      phone_sent_at: null,
      email_change: null,
      email_change_token_new: '',
      email_change_sent_at: null,
      user_metadata: {},
      is_anonymous: false,
      created_at: iso(),
      updated_at: iso(),
      last_sign_in_at: null,
      factors: [],
      passkeys: [],
      ...fields,
    }
    users.set(u.id, u)
    return u
  }

  /** internal/api/password.go: the default minimum length (GOTRUE_PASSWORD_MIN_LENGTH 6). */
  const weak = (password: string) =>
    password.length < 6 ? error(422, 'weak_password', 'Password should be at least 6 characters.', { weak_password: { reasons: ['length'] } }) : null
  const redirectOf = (url: URL) => url.searchParams.get('redirect_to') ?? origin
  const validEmail = (email: unknown): email is string => typeof email === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)

  /** internal/api/auth.go requireAuthentication: the bearer's user and session. */
  async function authenticated(request: Request): Promise<{ u: StoredUser; s: StoredSession } | Response> {
    const header = request.headers.get('authorization') ?? ''
    if (!header.startsWith('Bearer ')) return error(401, 'no_authorization', 'This endpoint requires a valid Bearer token')
    let claims: Record<string, unknown>
    try {
      claims = (await jwtVerify(header.slice(7), secret, { currentDate: new Date(now()) })).payload
    } catch {
      return error(403, 'bad_jwt', 'invalid JWT: unable to parse or verify signature, token is expired')
    }
    const u = users.get(String(claims.sub))
    if (!u) return error(403, 'user_not_found', 'User from sub claim in JWT does not exist')
    const s = sessions.get(String(claims.session_id))
    if (!s) return error(403, 'session_not_found', 'Session from session_id claim in JWT does not exist')
    return { u, s }
  }

  /** internal/api/verify.go verifyPost: an OTP (with the address) or a token hash, by type. */
  async function verify(body: Record<string, unknown>): Promise<Response> {
    const type = String(body.type ?? '')
    let hash = typeof body.token_hash === 'string' ? body.token_hash : ''
    const address = typeof body.email === 'string' ? body.email.toLowerCase() : typeof body.phone === 'string' ? formatPhone(body.phone) : ''
    if (!hash && typeof body.token === 'string') hash = tokenHash(address, body.token)
    if (!type) return error(400, 'validation_failed', 'Verify requires a verification type')
    if (!hash) return error(400, 'validation_failed', 'Verify requires either a token or a token hash')
    const kinds: Record<string, Array<'confirmation_token' | 'recovery_token' | 'phone_token' | 'email_change_token_new'>> = {
      signup: ['confirmation_token'],
      invite: ['confirmation_token'],
      recovery: ['recovery_token'],
      magiclink: ['recovery_token'],
      // internal/api/verify.go: `email` takes the confirmation or the recovery token
      email: ['confirmation_token', 'recovery_token'],
      sms: ['phone_token'],
      email_change: ['email_change_token_new'],
    }
    const fields = kinds[type]
    if (!fields) return error(400, 'validation_failed', 'Unsupported verification type')
    const found = [...users.values()].flatMap((u) => fields.filter((f) => u[f] === hash).map((f) => ({ u, f })))[0]
    const expired = (sent: number | null) => sent === null || now() - sent > OTP_SECONDS * 1000
    const sentAt = (f: (typeof fields)[number], u: StoredUser) =>
      f === 'confirmation_token' ? u.confirmation_sent_at : f === 'phone_token' ? u.phone_sent_at : f === 'email_change_token_new' ? u.email_change_sent_at : u.recovery_sent_at
    if (!found || expired(sentAt(found.f, found.u))) {
      return error(403, 'otp_expired', body.token_hash ? 'Email link is invalid or has expired' : 'Token has expired or is invalid')
    }
    const { u, f } = found
    u[f] = ''
    if (f === 'phone_token') u.phone_confirmed_at ??= iso()
    else if (f === 'email_change_token_new') {
      // internal/api/verify.go emailChangeVerify: the address becomes the user's; an anonymous user is one no longer
      ;[u.email, u.email_change, u.email_confirmed_at, u.is_anonymous] = [u.email_change, null, iso(), false]
    } else u.email_confirmed_at ??= iso()
    return Response.json(await signIn(u, type === 'recovery' ? 'recovery' : 'otp'))
  }

  async function route(request: Request, url: URL, path: string): Promise<Response> {
    // internal/api/logout.go reads no body (supabase-js posts none); every other POST/PUT handler
    // decodes one with retrieveRequestParams, which refuses an empty or broken body as bad_json
    const readsNoBody = request.method === 'GET' || request.method === 'DELETE' || path === '/logout'
    const body = readsNoBody ? {} : ((await request.json().catch(() => null)) as Record<string, unknown> | null)
    if (body === null || typeof body !== 'object') return error(400, 'bad_json', 'Could not parse request body as JSON')

    if (path === '/settings' && request.method === 'GET') {
      return Response.json({ external: { email: true, phone: true, anonymous_users: true }, disable_signup: false, mailer_autoconfirm: options.autoconfirm === true, phone_autoconfirm: false })
    }

    // internal/api/external.go ExternalProviderRedirect and …Callback, with a stand-in provider that
    // approves at once (`<provider>-user@example.com`): the PKCE flow's auth code on `redirect_to`
    if (path === '/authorize' && request.method === 'GET') {
      const provider = url.searchParams.get('provider') ?? ''
      if (!PROVIDERS.includes(provider)) return error(400, 'validation_failed', 'Unsupported provider: Provider is not enabled')
      const challenge = url.searchParams.get('code_challenge')
      if (!challenge || url.searchParams.get('code_challenge_method')?.toLowerCase() !== 's256') return error(400, 'validation_failed', 'PKCE flow requires code_challenge_method and code_challenge')
      const email = `${provider}-user@example.com`
      const u = byEmail(email) ?? newUser({ email, email_confirmed_at: iso(), user_metadata: { full_name: `${provider} user` } })
      const authCode = crypto.randomUUID()
      flows.set(authCode, { challenge, userId: u.id, issuedAt: now() })
      // prepPKCERedirectURL: the code as a query parameter of the page
      const back = new URL(redirectOf(url))
      back.searchParams.set('code', authCode)
      return new Response(null, { status: 302, headers: { location: String(back) } })
    }

    // internal/api/passkey_authentication.go: discoverable credentials, no address asked
    if (path === '/passkeys/authentication/options' && request.method === 'POST') {
      const options = await generateAuthenticationOptions({ rpID: RP_ID, userVerification: 'preferred', timeout: PASSKEY_SECONDS * 1000 })
      return Response.json(passkeyChallenge(options, null, request))
    }
    if (path === '/passkeys/authentication/verify' && request.method === 'POST') {
      const taken = takePasskeyChallenge(body, null)
      if (taken instanceof Response) return taken
      const credentialId = String((body.credential as { id?: unknown }).id ?? '')
      const u = [...users.values()].find((candidate) => candidate.passkeys.some((k) => k.id === credentialId))
      const stored = u?.passkeys.find((k) => k.id === credentialId)
      const result =
        u && stored
          ? await verifyAuthenticationResponse({
              response: body.credential as AuthenticationResponseJSON,
              expectedChallenge: taken.challenge,
              expectedOrigin: taken.origin,
              expectedRPID: RP_ID,
              credential: { id: stored.id, publicKey: stored.publicKey, counter: stored.counter },
              requireUserVerification: false,
            }).catch(() => null)
          : null
      if (!u || !stored || !result?.verified) return error(400, 'webauthn_verification_failed', 'Credential verification failed')
      stored.counter = result.authenticationInfo.newCounter
      stored.last_used_at = iso()
      if (u.email && !u.email_confirmed_at) return error(403, 'email_not_confirmed', 'Email not confirmed')
      return Response.json(await signIn(u, 'passkey'))
    }

    // internal/api/signup.go
    if (path === '/signup' && request.method === 'POST') {
      const data = (body.data && typeof body.data === 'object' ? body.data : {}) as Record<string, unknown>
      // internal/api/anonymous.go: no e-mail, phone or password
      if (!body.email && !body.phone && !body.password) {
        const u = newUser({ is_anonymous: true, user_metadata: data })
        return Response.json(await signIn(u, 'anonymous'))
      }
      if (typeof body.password !== 'string' || !body.password) return error(422, 'validation_failed', 'Signup requires a valid password')
      if (!validEmail(body.email)) return error(400, 'email_address_invalid', `Email address "${String(body.email)}" is invalid`)
      const email = body.email.toLowerCase()
      const tooWeak = weak(body.password)
      if (tooWeak) return tooWeak
      const existing = byEmail(email)
      if (existing?.email_confirmed_at) {
        if (options.autoconfirm) return error(422, 'user_already_exists', 'User already registered')
        // internal/api/signup.go sanitizeUser: a confirmed address answers an obfuscated user, no e-mail
        const { id: _, ...shown } = userJson(existing)
        return Response.json({ ...shown, id: crypto.randomUUID(), identities: [], email_confirmed_at: undefined, confirmed_at: undefined, factors: undefined })
      }
      const u = existing ?? newUser({ email })
      u.password = body.password
      u.user_metadata = { ...u.user_metadata, ...data }
      if (options.autoconfirm) {
        u.email_confirmed_at = iso()
        return Response.json(await signIn(u, 'password'))
      }
      send(email, 'signup', redirectOf(url), u)
      return Response.json(userJson(u))
    }

    // internal/api/token.go
    if (path === '/token' && request.method === 'POST') {
      const grant = url.searchParams.get('grant_type')
      if (grant === 'password') {
        const u = typeof body.email === 'string' ? byEmail(body.email.toLowerCase()) : typeof body.phone === 'string' ? byPhone(body.phone) : undefined
        if (!u || u.password === null || u.password !== body.password) return error(400, 'invalid_credentials', 'Invalid login credentials')
        if (u.email && !u.email_confirmed_at) return error(400, 'email_not_confirmed', 'Email not confirmed')
        return Response.json(await signIn(u, 'password'))
      }
      if (grant === 'refresh_token') return refresh(String(body.refresh_token ?? ''))
      // internal/api/token.go PKCE: the flow state by its auth code, the verifier against its challenge
      if (grant === 'pkce') {
        if (!body.auth_code || !body.code_verifier) return error(400, 'validation_failed', 'invalid request: both auth code and code verifier should be non-empty')
        const flow = flows.get(String(body.auth_code))
        if (!flow) return error(404, 'flow_state_not_found', 'invalid flow state, no valid flow state found')
        if (now() - flow.issuedAt > FLOW_SECONDS * 1000) return error(422, 'flow_state_expired', 'invalid flow state, flow state has expired')
        const challenge = createHash('sha256').update(String(body.code_verifier)).digest('base64url')
        if (challenge !== flow.challenge) return error(400, 'bad_code_verifier', 'code challenge does not match previously saved code verifier')
        flows.delete(String(body.auth_code))
        return Response.json(await signIn(users.get(flow.userId)!, 'oauth'))
      }
      return error(400, 'validation_failed', `unsupported_grant_type`)
    }

    if (path === '/verify' && request.method === 'POST') return verify(body)

    // internal/api/recover.go: 200 for any address; the e-mail only where there is an account
    if (path === '/recover' && request.method === 'POST') {
      if (!validEmail(body.email)) return error(400, 'validation_failed', 'Unable to validate email address: invalid format')
      const u = byEmail(body.email.toLowerCase())
      if (u) send(u.email!, 'recovery', redirectOf(url), u)
      return Response.json({})
    }

    // internal/api/resend.go: the confirmation again, for an unconfirmed address
    if (path === '/resend' && request.method === 'POST') {
      if (body.type !== 'signup' || !validEmail(body.email)) return error(400, 'validation_failed', 'Missing one of these types: signup, email_change, sms, phone_change')
      const u = byEmail(body.email.toLowerCase())
      if (u && !u.email_confirmed_at) send(u.email!, 'signup', redirectOf(url), u)
      return Response.json({})
    }

    // internal/api/otp.go, magic_link.go, phone.go
    if (path === '/otp' && request.method === 'POST') {
      const create = body.create_user !== false
      if (typeof body.phone === 'string' && body.phone) {
        // internal/api/phone.go validatePhone: E.164 once formatted
        const phone = formatPhone(body.phone)
        if (!/^[1-9]\d{1,14}$/.test(phone)) return error(400, 'validation_failed', 'Invalid phone number format (E.164 required)')
        let u = byPhone(phone)
        if (!u && !create) return error(422, 'otp_disabled', 'Signups not allowed for otp')
        u ??= newUser({ phone })
        send(phone, 'sms', '', u)
        return Response.json({ message_id: crypto.randomUUID() })
      }
      if (!validEmail(body.email)) return error(400, 'validation_failed', 'Unable to validate email address: invalid format')
      const email = body.email.toLowerCase()
      let u = byEmail(email)
      if (!u && !create) return error(422, 'otp_disabled', 'Signups not allowed for otp')
      // a new address gets the confirmation (which signs in), a known one the magic link template
      if (!u || !u.email_confirmed_at) {
        u ??= newUser({ email, user_metadata: (body.data ?? {}) as Record<string, unknown> })
        send(email, 'signup', redirectOf(url), u)
      } else send(email, 'magiclink', redirectOf(url), u)
      return Response.json({})
    }

    // everything below needs the bearer's session
    const auth = await authenticated(request)
    if (auth instanceof Response) return auth
    const { u, s } = auth

    // internal/api/logout.go: `global` unless told
    if (path === '/logout' && request.method === 'POST') {
      const scope = url.searchParams.get('scope') ?? 'global'
      if (!['global', 'local', 'others'].includes(scope)) return error(400, 'validation_failed', `Unsupported logout scope "${scope}"`)
      for (const session of [...sessions.values()]) {
        if (session.userId !== u.id) continue
        if ((scope === 'local' && session.id === s.id) || scope === 'global' || (scope === 'others' && session.id !== s.id)) endSession(session.id)
      }
      return new Response(null, { status: 204 })
    }

    // internal/api/user.go
    if (path === '/user' && request.method === 'GET') return Response.json(userJson(u))
    if (path === '/user' && request.method === 'PUT') {
      // internal/api/user.go: with a verified factor, the password (or address) changes only from aal2
      if (typeof body.password === 'string' && u.factors.some((f) => f.status === 'verified') && s.aal !== 'aal2') {
        return error(401, 'insufficient_aal', 'AAL2 session is required to update email or password when MFA is enabled.')
      }
      // internal/api/user.go: an anonymous user's password comes with an address (or phone)
      if (u.is_anonymous && typeof body.password === 'string' && !body.email) return error(422, 'validation_failed', 'Updating password of an anonymous user without an email or phone is not allowed')
      if (body.email !== undefined && body.email !== u.email) {
        if (!validEmail(body.email)) return error(400, 'email_address_invalid', `Email address "${String(body.email)}" is invalid`)
        const email = body.email.toLowerCase()
        if (byEmail(email)) return error(422, 'email_exists', 'A user with this email address has already been registered')
        // secure email change (both addresses confirm) is GoTrue's default for a user who has one: this
        // stand-in adds an address only (anonymous and phone users), confirmed by the link sent to it
        if (u.email) return error(422, 'validation_failed', 'The stand-in changes no existing address (secure email change is not written)')
        u.email_change = email
        send(email, 'email_change', redirectOf(url), u)
      }
      if (typeof body.password === 'string') {
        const tooWeak = weak(body.password)
        if (tooWeak) return tooWeak
        if (body.password === u.password) return error(422, 'same_password', 'New password should be different from the old password.')
        u.password = body.password
      }
      if (body.data && typeof body.data === 'object') u.user_metadata = { ...u.user_metadata, ...(body.data as Record<string, unknown>) }
      u.updated_at = iso()
      return Response.json(userJson(u))
    }

    // internal/api/passkey_registration.go, passkey_manage.go: a signed-in, not anonymous user's passkeys;
    // with a verified MFA factor, only from an aal2 session (passkey_webauthn.go)
    if (path.startsWith('/passkeys')) {
      if (u.is_anonymous) return error(403, 'validation_failed', 'Anonymous users cannot manage passkeys')
      if (u.factors.some((f) => f.status === 'verified') && s.aal !== 'aal2') return error(403, 'insufficient_aal', 'AAL2 session is required to manage passkeys when MFA is enabled')
      if (path === '/passkeys/registration/options' && request.method === 'POST') {
        if (u.passkeys.length >= MAX_PASSKEYS) return error(422, 'too_many_passkeys', 'Maximum number of passkeys reached')
        const options = await generateRegistrationOptions({
          rpName: RP_NAME,
          rpID: RP_ID,
          userName: u.email ?? u.phone ?? u.id,
          userID: new TextEncoder().encode(u.id),
          attestationType: 'none',
          timeout: PASSKEY_SECONDS * 1000,
          excludeCredentials: u.passkeys.map((k) => ({ id: k.id })),
          authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
        })
        return Response.json(passkeyChallenge(options, u.id, request))
      }
      if (path === '/passkeys/registration/verify' && request.method === 'POST') {
        const taken = takePasskeyChallenge(body, u.id)
        if (taken instanceof Response) return taken
        const result = await verifyRegistrationResponse({
          response: body.credential as RegistrationResponseJSON,
          expectedChallenge: taken.challenge,
          expectedOrigin: taken.origin,
          expectedRPID: RP_ID,
          requireUserVerification: false,
        }).catch(() => null)
        if (!result?.verified) return error(400, 'webauthn_verification_failed', 'Credential verification failed')
        const { credential } = result.registrationInfo
        if ([...users.values()].some((other) => other.passkeys.some((k) => k.id === credential.id))) return error(422, 'webauthn_credential_exists', 'This credential is already registered')
        const passkey: Passkey = { id: credential.id, publicKey: new Uint8Array(credential.publicKey), counter: credential.counter, friendly_name: '', created_at: iso(), last_used_at: null }
        u.passkeys.push(passkey)
        return Response.json({ id: passkey.id, created_at: passkey.created_at })
      }
      if (path === '/passkeys' && request.method === 'GET') {
        return Response.json(u.passkeys.map((k) => ({ id: k.id, ...(k.friendly_name ? { friendly_name: k.friendly_name } : {}), created_at: k.created_at, ...(k.last_used_at ? { last_used_at: k.last_used_at } : {}) })))
      }
      const one = /^\/passkeys\/([^/]+)$/.exec(path)
      if (one && request.method === 'DELETE') {
        const before = u.passkeys.length
        u.passkeys = u.passkeys.filter((k) => k.id !== decodeURIComponent(one[1]!))
        if (u.passkeys.length === before) return error(404, 'validation_failed', 'Passkey not found')
        return Response.json({})
      }
    }

    // internal/api/mfa.go
    if (path === '/factors' && request.method === 'POST') {
      if (body.factor_type !== 'totp') return error(400, 'validation_failed', 'factor_type needs to be totp, phone, or webauthn')
      if (u.factors.some((f) => f.status === 'verified') && s.aal !== 'aal2') return error(403, 'insufficient_aal', 'AAL2 required to enroll a new factor')
      const name = typeof body.friendly_name === 'string' ? body.friendly_name : ''
      if (name && u.factors.some((f) => f.friendly_name === name)) return error(422, 'mfa_factor_name_conflict', `A factor with the friendly name "${name}" for this user already exists`)
      // unverified factors are replaced by a new enrolment
      u.factors = u.factors.filter((f) => f.status === 'verified')
      const totpSecret = new Secret({ size: 20 }).base32
      const uri = new TOTP({ issuer: typeof body.issuer === 'string' && body.issuer ? body.issuer : origin, label: u.email ?? u.id, secret: Secret.fromBase32(totpSecret) }).toString()
      const factor: Factor = { id: crypto.randomUUID(), friendly_name: name, factor_type: 'totp', status: 'unverified', secret: totpSecret, created_at: iso(), updated_at: iso() }
      u.factors.push(factor)
      // internal/api/mfa.go: the QR code as SVG markup (the client makes it a data URL)
      return Response.json({ id: factor.id, type: 'totp', friendly_name: name, totp: { qr_code: renderSVG(uri), secret: totpSecret, uri } })
    }
    const factorPath = /^\/factors\/([^/]+)(\/challenge|\/verify)?$/.exec(path)
    if (factorPath) {
      const factor = u.factors.find((f) => f.id === factorPath[1])
      if (!factor) return error(404, 'mfa_factor_not_found', 'Factor not found')
      if (factorPath[2] === '/challenge' && request.method === 'POST') {
        const id = crypto.randomUUID()
        const expiresAt = Math.floor(now() / 1000) + CHALLENGE_SECONDS
        challenges.set(id, { factorId: factor.id, expiresAt })
        return Response.json({ id, type: 'totp', expires_at: expiresAt })
      }
      if (factorPath[2] === '/verify' && request.method === 'POST') {
        const challenge = challenges.get(String(body.challenge_id ?? ''))
        if (!challenge || challenge.factorId !== factor.id) return error(422, 'mfa_factor_not_found', 'MFA factor with the provided challenge ID not found')
        if (challenge.expiresAt * 1000 < now()) return error(422, 'mfa_challenge_expired', `MFA challenge ${String(body.challenge_id)} has expired, verify against another challenge or create a new challenge.`)
        const valid = new TOTP({ secret: Secret.fromBase32(factor.secret) }).validate({ token: String(body.code ?? ''), timestamp: now(), window: 1 })
        if (valid === null) return error(422, 'mfa_verification_failed', 'Invalid TOTP code entered')
        challenges.delete(String(body.challenge_id))
        factor.status = 'verified'
        factor.updated_at = iso()
        // the session steps up: a new access token (aal2) and refresh token for the same session
        s.aal = 'aal2'
        s.amr = [{ method: 'totp', timestamp: Math.floor(now() / 1000) }, ...s.amr]
        for (const t of refreshTokens.values()) if (t.sessionId === s.id) t.revoked = true
        return Response.json(await sessionJson(u, s, newRefreshToken(s.id, null)))
      }
      if (!factorPath[2] && request.method === 'DELETE') {
        if (factor.status === 'verified' && s.aal !== 'aal2') return error(403, 'insufficient_aal', 'AAL2 required to unenroll verified factor')
        u.factors = u.factors.filter((f) => f.id !== factor.id)
        // the user's sessions step down with their last verified factor
        if (!u.factors.some((f) => f.status === 'verified')) for (const session of sessions.values()) if (session.userId === u.id) session.aal = 'aal1'
        return Response.json({ id: factor.id })
      }
    }
    return error(404, 'not_found', 'Not found')
  }

  /** The options with the challenge's id, kept for the verify (the page's origin is the relying party's). */
  function passkeyChallenge(options: { challenge: string }, userId: string | null, request: Request) {
    const id = crypto.randomUUID()
    const expiresAt = Math.floor(now() / 1000) + PASSKEY_SECONDS
    passkeyChallenges.set(id, { challenge: options.challenge, expiresAt, userId, origin: request.headers.get('origin') ?? origin })
    return { challenge_id: id, options, expires_at: expiresAt }
  }
  function takePasskeyChallenge(body: Record<string, unknown>, userId: string | null) {
    if (!body.challenge_id) return error(400, 'validation_failed', 'challenge_id is required')
    if (!body.credential || typeof body.credential !== 'object') return error(400, 'validation_failed', 'credential is required')
    const taken = passkeyChallenges.get(String(body.challenge_id))
    passkeyChallenges.delete(String(body.challenge_id))
    if (!taken || taken.userId !== userId) return error(400, 'webauthn_challenge_not_found', 'Challenge not found or already used')
    if (taken.expiresAt * 1000 < now()) return error(400, 'webauthn_challenge_expired', 'Challenge has expired')
    return taken
  }

  function endSession(id: string) {
    sessions.delete(id)
    for (const [token, t] of refreshTokens) if (t.sessionId === id) refreshTokens.delete(token)
  }

  /** internal/tokens/service.go RefreshTokenGrant: rotation, the reuse interval, the family revoked past it. */
  async function refresh(token: string): Promise<Response> {
    const t = refreshTokens.get(token)
    const s = t ? sessions.get(t.sessionId) : undefined
    const u = s ? users.get(s.userId) : undefined
    if (!t || !s || !u) return error(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')
    if (t.revoked) {
      const active = [...refreshTokens.values()].find((r) => r.sessionId === s.id && !r.revoked)
      // the client lost the reply of its last refresh: the active child again
      if (active && active.parent === t.token) return Response.json(await sessionJson(u, s, active.token))
      if (now() > t.updatedAt + reuseInterval * 1000) {
        endSession(s.id)
        return error(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used')
      }
    }
    // models.GrantRefreshTokenSwap: this token revoked (its reuse interval counts from now), a child issued
    if (!t.revoked) [t.revoked, t.updatedAt] = [true, now()]
    return Response.json(await sessionJson(u, s, newRefreshToken(s.id, t.token)))
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url)
    origin = url.origin
    modern = request.headers.get('x-supabase-api-version') === '2024-01-01'
    if (!url.pathname.startsWith('/auth/v1/')) return error(404, 'not_found', 'Not found')
    // the API gateway in front of Supabase Auth refuses a request without the project's key, but for
    // the routes a browser is sent to (its kong.yml's auth-v1-open: /verify, /callback, /authorize)
    const open = request.method === 'GET' && /^\/auth\/v1\/(verify|callback|authorize)$/.test(url.pathname)
    if (!open && request.headers.get('apikey') !== anonKey) return Response.json({ message: 'No API key found in request' }, { status: 401 })
    return route(request, url, url.pathname.slice('/auth/v1'.length))
  }

  return {
    handle,
    fetch: (input: RequestInfo | URL, init?: RequestInit) => handle(new Request(input, init)),
    outbox: outbox as readonly Sent[],
    anonKey,
    /** What was last sent to `to` (an address, or a phone number as given: with its `+`) of `kind`. */
    lastMessage(to: string, kind?: Sent['kind']): Sent {
      const found = outbox.findLast((m) => (m.to === to || (kind === 'sms' && m.to === formatPhone(to))) && (kind === undefined || m.kind === kind))
      if (!found) throw new Error(`no ${kind ?? ''} message to ${to}`)
      return found
    },
    /** The link the project's templates build: the app's page with `token_hash` and `type`. */
    link(sent: Sent): string {
      const page = new URL(sent.redirectTo)
      page.searchParams.set('token_hash', sent.tokenHash)
      page.searchParams.set('type', sent.kind === 'sms' ? 'sms' : sent.kind)
      return String(page)
    },
  }
}

export type SupabaseStandIn = ReturnType<typeof supabaseStandIn>
