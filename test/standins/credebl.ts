import CryptoJS from 'crypto-js'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { decodeJwtClaims } from '../../src/core/jwt.ts'

// A stand-in for CREDEBL's auth routes (the platform needs NATS, Keycloak, PostgreSQL and several
// services: it cannot run here), written from the contracts (CREDEBL section; "§2" below) and re-read
// against the platform's source (github.com/credebl/platform at 20add1bf), whose files the comments
// cite: the gateway's routes in apps/api-gateway/src/authz/authz.controller.ts ("gateway"), the user
// service in apps/user/src/user.service.ts ("service"), its repository in apps/user/repositories/
// user.repository.ts ("repository"), the messages in libs/common/src/response-messages/index.ts and
// the password decryption in libs/common/src/common.service.ts. Where they are silent, a comment says
// so and what the stand-in does. Passwords are decrypted as the platform does, with crypto-js's own
// AES.decrypt.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

interface StoredUser {
  id: string
  email: string
  verificationCode: string | null
  isEmailVerified: boolean
  password: string | null
  firstName: string | null
  lastName: string | null
}
interface StoredSession {
  id: string
  userId: string
  refreshToken: string
  refreshExpiresAt: number
  createdAt: string
  /** JSONB (repository: createSession): the gateway's JSON string for a sign-in, `{ clientToken: true }` for a client's token. */
  clientInfo: unknown
}
export interface CredeblMail {
  to: string
  kind: 'verification' | 'password-reset'
  /** The link's query: `email` and `verificationCode`, or `token` and `email`. */
  query: Record<string, string>
}

export interface CredeblStandInOptions {
  /** The deployment's CRYPTO_PRIVATE_KEY. */
  passwordKey?: string
  /** §2 Sessions: at most SESSIONS_LIMIT sessions per user (10 in the demo config). */
  sessionsLimit?: number
  /** Access-token lifetime in seconds (§2 Tokens: a realm setting; example 86400). */
  accessSeconds?: number
  /** Refresh-token lifetime in seconds (a realm setting; silent on its value: 30 minutes here). */
  refreshSeconds?: number
  now?: () => number
}

const ok = (statusCode: number, message: string, data?: unknown) => Response.json({ statusCode, message, ...(data === undefined ? {} : { data }) }, { status: statusCode })
const fail = (statusCode: number, message: string | string[], error = statusCode === 400 ? 'Bad Request' : statusCode === 401 ? 'Unauthorized' : statusCode === 404 ? 'Not Found' : statusCode === 409 ? 'Conflict' : 'Forbidden') =>
  Response.json({ statusCode, message, error }, { status: statusCode })

export async function credeblStandIn(options: CredeblStandInOptions = {}) {
  const passwordKey = options.passwordKey ?? 'stand-in-crypto-private-key'
  const now = options.now ?? Date.now
  const limit = options.sessionsLimit ?? 10
  const accessSeconds = options.accessSeconds ?? 86_400
  const refreshSeconds = options.refreshSeconds ?? 1800
  // §2 Tokens: RS256 access tokens with sub, sid, email (Keycloak's)
  const keys = await generateKeyPair('RS256')
  const jwk = await exportJWK(keys.publicKey)
  const users = new Map<string, StoredUser>()
  const sessions = new Map<string, StoredSession>()
  const resets = new Map<string, { email: string; expiresAt: number }>()
  const outbox: CredeblMail[] = []
  const requests: Array<{ method: string; path: string; status: number }> = []

  const byEmail = (email: string) => [...users.values()].find((u) => u.email === email.toLowerCase())
  const random = () => crypto.randomUUID().replace(/-/g, '')
  // Keycloak's refresh tokens are JWTs: the service decodes them for `sid` and `exp` (service: login,
  // refreshTokenDetails), so the stand-in signs its own (HS256, a key of its own)
  const refreshKey = new TextEncoder().encode(random())
  const refreshTokenFor = (session: { id: string; userId: string }, expiresAt: number) =>
    new SignJWT({ sid: session.id, typ: 'Refresh', jti: random() })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(session.userId)
      .setIssuedAt(Math.floor(now() / 1000))
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .sign(refreshKey)


  /** §2 Password encryption: decrypt, then JSON.parse; any failure is 400 "Invalid Credentials". */
  function password(value: unknown, isEncrypted: unknown): string | null {
    if (typeof value !== 'string') return null
    if (isEncrypted === false) return value
    try {
      const parsed: unknown = JSON.parse(CryptoJS.AES.decrypt(value, passwordKey).toString(CryptoJS.enc.Utf8))
      return typeof parsed === 'string' ? parsed : null
    } catch {
      return null
    }
  }

  async function tokensFor(user: StoredUser, session: StoredSession) {
    const iat = Math.floor(now() / 1000)
    const access_token = await new SignJWT({ sid: session.id, email: user.email, email_verified: user.isEmailVerified, given_name: user.firstName, family_name: user.lastName, name: `${user.firstName} ${user.lastName}` })
      .setProtectedHeader({ alg: 'RS256', kid: 'stand-in' })
      .setSubject(user.id)
      .setIssuedAt(iat)
      .setExpirationTime(iat + accessSeconds)
      .sign(keys.privateKey)
    // §2 Tokens: Keycloak's token response
    return { access_token, expires_in: accessSeconds, refresh_expires_in: refreshSeconds, refresh_token: session.refreshToken, token_type: 'Bearer', 'not-before-policy': 0, session_state: session.id, scope: 'email profile' }
  }

  /** §2 Envelopes: a missing or invalid bearer → 401 "Unauthorized"; a signed-out session's → 401 "Authentication failed". */
  async function guard(request: Request): Promise<{ user: StoredUser; sid: string } | Response> {
    const header = request.headers.get('authorization') ?? ''
    const token = header.startsWith('Bearer ') ? header.slice(7) : ''
    const unauthorized = Response.json({ statusCode: 401, message: 'Unauthorized', error: 'Internal Server error' }, { status: 401 })
    try {
      const { jwtVerify, importJWK } = await import('jose')
      const { payload } = await jwtVerify(token, await importJWK(jwk, 'RS256'), { currentDate: new Date(now()) })
      const user = users.get(String(payload.sub))
      if (!user) return unauthorized
      if (!sessions.has(String(payload.sid))) return fail(401, 'Authentication failed', 'Unauthorized')
      return { user, sid: String(payload.sid) }
    } catch {
      return unauthorized
    }
  }

  async function route(request: Request, path: string, body: Record<string, unknown>, query: URLSearchParams): Promise<Response> {
    const method = request.method
    const str = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined)
    if (method === 'POST' && path === '/verification-mail') {
      const email = str('email')?.toLowerCase()
      if (!email) return fail(400, ['email should not be empty', 'email must be an email'])
      const user = byEmail(email)
      // service: sendVerificationMail — any row: verified → 409 "User already exists" (with or without
      // an account yet), else 409 verificationAlreadySent
      if (user?.isEmailVerified) return fail(409, 'User already exists')
      if (user) return fail(409, 'The verification link has already been sent to your email address')
      const code = random()
      const stored: StoredUser = user ?? { id: crypto.randomUUID(), email, verificationCode: null, isEmailVerified: false, password: null, firstName: null, lastName: null }
      stored.verificationCode = code
      users.set(stored.id, stored)
      outbox.push({ to: email, kind: 'verification', query: { email, verificationCode: code } })
      return ok(201, 'Verification link has been successfully sent on the email. Please verify')
    }
    if (method === 'GET' && path === '/verify') {
      // service: verifyEmail — a missing or wrong code first (401 invalidEmailUrl), then a verified address (409)
      const user = byEmail(query.get('email') ?? '')
      if (!query.get('verificationCode') || !user || user.verificationCode !== query.get('verificationCode')) return fail(401, 'Invalid verification code or EmailId!')
      if (user.isEmailVerified) return fail(409, 'Email already verified')
      user.isEmailVerified = true
      return ok(200, 'Email verified successfully')
    }
    if (method === 'POST' && path === '/signup') {
      const email = str('email')?.toLowerCase() ?? ''
      const firstName = str('firstName') ?? ''
      const lastName = str('lastName') ?? ''
      // §2: names 2–50 characters (class-validator messages, derived)
      const invalid = [
        ...(firstName.length < 2 || firstName.length > 50 ? ['firstName must be longer than or equal to 2 characters'] : []),
        ...(lastName.length < 2 || lastName.length > 50 ? ['lastName must be longer than or equal to 2 characters'] : []),
      ]
      if (invalid.length) return fail(400, invalid)
      // service: createUserForToken — no row: 404 emailIsNotVerified; an account already: 409 exists;
      // a row not verified yet (the link sent, not opened): 404 verifyEmail
      const user = byEmail(email)
      if (!user) return fail(404, 'Email is not verified')
      if (user.password) return fail(409, 'User already exists')
      if (!user.isEmailVerified) return fail(404, 'The verification link has already been sent to your email address. please verify')
      // gateway: a plain password (isPasswordEncrypted false) is encrypted there, then decrypted here
      const plain = password(body.password, body.isPasswordEncrypted)
      if (plain === null) return fail(400, 'Invalid Credentials')
      Object.assign(user, { password: plain, firstName, lastName })
      return ok(201, 'User registered successfully', { userId: user.id })
    }
    if (method === 'POST' && path === '/signin') {
      // gateway: no e-mail → 401; service: login — the address checked (validator's isEmail), then the row
      const address = (str('email') ?? '').trim().toLowerCase() // §2: e-mail trimmed
      if (!address) return fail(401, 'Please provide valid credentials', 'Unauthorized')
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) return fail(401, 'Invalid Email Id!')
      const user = byEmail(address)
      if (!user) return fail(404, 'User not found')
      // a row whose address is not verified yet: the sign-up was begun, its link not opened
      if (!user.isEmailVerified) return fail(400, 'Please verify your email')
      const mine = [...sessions.values()].filter((s) => s.userId === user.id)
      if (mine.length >= limit) return fail(400, 'You have reached the maximum number of allowed sessions. Please remove an existing session to add a new one')
      const plain = password(body.password, body.isPasswordEncrypted)
      if (plain === null) return fail(400, 'Invalid Credentials')
      // verified, no account yet (the sign-up's last step not sent): no Keycloak user, so the service's
      // generateToken asks Supabase, whose refusal is a 400 with its own message
      if (!user.password) return fail(400, 'Invalid login credentials')
      if (plain !== user.password) return fail(401, 'Invalid Credentials')
      // gateway: clientInfo = JSON.stringify({ browser, os, deviceType, rawDetail, ip }) from the user agent
      const agent = request.headers.get('user-agent') ?? ''
      const clientInfo = JSON.stringify({ browser: /Chrome/.test(agent) ? 'Chrome' : /Firefox/.test(agent) ? 'Firefox' : 'unknown', os: /Linux/.test(agent) ? 'Linux' : /Windows/.test(agent) ? 'Windows' : 'unknown', deviceType: 'desktop', rawDetail: agent, ip: '127.0.0.1' })
      const id = crypto.randomUUID()
      const refreshExpiresAt = now() + refreshSeconds * 1000
      const session: StoredSession = { id, userId: user.id, refreshToken: await refreshTokenFor({ id, userId: user.id }, refreshExpiresAt), refreshExpiresAt, createdAt: new Date(now()).toISOString(), clientInfo }
      sessions.set(session.id, session)
      // §2 Tokens: sign-in data = Keycloak's tokens + isRegisteredToSupabase + sessionId (= sid)
      return ok(200, 'User login successfully', { ...(await tokensFor(user, session)), isRegisteredToSupabase: false, sessionId: session.id })
    }
    if (method === 'POST' && path === '/refresh-token') {
      const token = str('refreshToken') ?? ''
      // service: refreshTokenDetails reads `exp` and `sid` from the token (jwt.decode): a token that is
      // no JWT fails there (a TypeError: the platform's 500)
      const claims = decodeJwtClaims(token) // jwt.decode: unverified, null for no JWT
      if (!claims || typeof claims.exp !== 'number') return Response.json({ statusCode: 500, message: 'Internal server error' }, { status: 500 })
      // an expired one: its session deleted, 401 refreshTokenExpired
      if (claims.exp * 1000 < now()) {
        sessions.delete(String(claims.sid))
        return fail(401, 'Refresh token has expired')
      }
      const session = [...sessions.values()].find((s) => s.refreshToken === token)
      if (!session) {
        // §2: a signed-out session's refresh token → 404; a rotated-away one is Keycloak's invalid_grant (silent on telling them apart: the stand-in keeps the spent ones)
        if (spent.has(token)) return Response.json({ statusCode: 400, message: 'Request failed with status code 400', error: { error: 'invalid_grant', error_description: 'Token is not active' } }, { status: 400 })
        return fail(404, 'User session not found')
      }
      if (session.refreshExpiresAt <= now()) return fail(401, 'Refresh token has expired')
      spent.add(token)
      // §2 Tokens: a refresh returns a new refresh token, no sessionId
      session.refreshExpiresAt = now() + refreshSeconds * 1000
      session.refreshToken = await refreshTokenFor(session, session.refreshExpiresAt)
      return ok(200, 'Token details fetched successfully', await tokensFor(users.get(session.userId)!, session))
    }
    if (method === 'POST' && path === '/signout') {
      const who = await guard(request)
      if (who instanceof Response) return who
      // §2: deletes exactly the listed session ids (silent on another user's: only the caller's here)
      const listed = Array.isArray(body.sessions) ? body.sessions : []
      for (const id of listed) if (sessions.get(String(id))?.userId === who.user.id) sessions.delete(String(id))
      return ok(200, 'User logout successfully')
    }
    const list = /^\/([^/]+)\/sessions$/.exec(path)
    if (list && method === 'GET') {
      const who = await guard(request)
      if (who instanceof Response) return who
      if (!UUID.test(list[1]!)) return fail(400, 'Invalid user ID')
      if (list[1] !== who.user.id) return fail(403, 'You are not allowed to access sessions of another user')
      const data = [...sessions.values()].filter((s) => s.userId === who.user.id).map((s) => ({ id: s.id, userId: s.userId, expiresAt: new Date(s.refreshExpiresAt).toISOString(), createdAt: s.createdAt, clientInfo: s.clientInfo, sessionType: 'user-session' }))
      return ok(200, 'Sessions fetched successfully', data)
    }
    if (list && method === 'DELETE') {
      const who = await guard(request)
      if (who instanceof Response) return who
      if (!UUID.test(list[1]!)) return fail(400, 'Invalid session ID')
      // silent: deleting another user's or an unknown session; the stand-in answers 404
      if (sessions.get(list[1]!)?.userId !== who.user.id) return fail(404, 'Session not found')
      sessions.delete(list[1]!)
      return ok(200, 'Session deleted successfully')
    }
    if (method === 'POST' && path === '/forgot-password') {
      const user = byEmail(str('email') ?? '')
      if (!user?.password) return fail(404, 'User not found')
      if (!user.isEmailVerified) return fail(400, 'Please verify your email')
      const token = random()
      resets.set(token, { email: user.email, expiresAt: now() + 3_600_000 }) // §2: link valid 1 h
      outbox.push({ to: user.email, kind: 'password-reset', query: { token, email: user.email } })
      return ok(200, 'Reset password link has been sent to your mail', { id: user.id, email: user.email })
    }
    const reset = /^\/password-reset\/([^/]+)$/.exec(path)
    if (reset && method === 'POST') {
      const email = decodeURIComponent(reset[1]!).toLowerCase()
      const found = resets.get(str('token') ?? '')
      const user = byEmail(email)
      if (!found || found.email !== email || found.expiresAt <= now() || !user) return fail(400, 'Invalid or expired reset password link')
      const plain = password(body.password, true)
      if (plain === null) return fail(400, 'Invalid Credentials')
      user.password = plain
      resets.delete(str('token')!)
      return ok(200, 'Password reset successfully', { id: user.id, email: user.email })
    }
    if (method === 'POST' && path === '/reset-password') {
      // §2: no guard: the old password is the proof
      const user = byEmail(str('email') ?? '')
      const old = password(body.oldPassword, true)
      const next = password(body.newPassword, true)
      if (!user?.password || old === null || next === null) return fail(400, 'Invalid Credentials')
      if (old !== user.password) return fail(401, 'Invalid Credentials')
      if (next === old) return fail(400, 'New password should not be the current password')
      user.password = next
      return ok(200, 'Password reset successfully', { id: user.id, email: user.email })
    }
    return fail(404, `Cannot ${method} /auth${path}`, 'Not Found')
  }
  const spent = new Set<string>()

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url)
    // §2 Routing: every route at /auth/… and /v1/auth/…
    const match = /^(?:\/v1)?\/auth(\/.*)$/.exec(url.pathname)
    let response: Response
    if (!match) response = fail(404, `Cannot ${request.method} ${url.pathname}`, 'Not Found')
    else {
      let body: Record<string, unknown> = {}
      const raw = await request.text()
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {}
      } catch {
        body = {}
      }
      response = await route(request, match[1]!, body, url.searchParams)
    }
    requests.push({ method: request.method, path: match?.[1] ?? url.pathname, status: response.status })
    return response
  }

  return {
    passwordKey,
    handle,
    fetch: (input: RequestInfo | URL, init?: RequestInit) => handle(new Request(input, init)),
    requests: requests as ReadonlyArray<{ method: string; path: string; status: number }>,
    outbox: outbox as readonly CredeblMail[],
    /** The newest message of `kind` to `to`. */
    lastMessage(to: string, kind: CredeblMail['kind']): CredeblMail {
      const found = [...outbox].reverse().find((m) => m.to === to.toLowerCase() && m.kind === kind)
      if (!found) throw new Error(`no ${kind} mail to ${to}`)
      return found
    },
    /**
     * A session made for a client's token rather than a sign-in: the repository stores its `clientInfo`
     * as the object `{ clientToken: true }` (repository: createSession), listed as such.
     */
    async addClientTokenSession(email: string): Promise<string> {
      const user = byEmail(email)
      if (!user) throw new Error(`no user ${email}`)
      const id = crypto.randomUUID()
      const refreshExpiresAt = now() + refreshSeconds * 1000
      sessions.set(id, { id, userId: user.id, refreshToken: await refreshTokenFor({ id, userId: user.id }, refreshExpiresAt), refreshExpiresAt, createdAt: new Date(now()).toISOString(), clientInfo: { clientToken: true } })
      return id
    },
    /** The user's live sessions (ids). */
    sessionsOf(email: string): string[] {
      const user = byEmail(email)
      return [...sessions.values()].filter((s) => s.userId === user?.id).map((s) => s.id)
    },
  }
}

export type CredeblStandIn = Awaited<ReturnType<typeof credeblStandIn>>
