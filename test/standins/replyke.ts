import { type CryptoKey, importJWK, jwtVerify, type JWK, SignJWT } from 'jose'

// A stand-in for Replyke's auth routes (its server is not published to the registry), written from
// the contracts (Replyke section; "§3" below) and re-read against Replyke's open-source v6 server
// (github.com/replyke/express at ac08583, @replyke/express 6.1.1), whose files the comments cite:
// src/v6/routers/auth.ts (routes and rate limits, express-rate-limit 7.5 with its defaults),
// src/v6/controllers/auth/*.ts (each route), src/middleware/requireUserAuth.ts (the bearer check) and
// src/helpers/reduceAuthenticatedUserDetails.ts (the user sent back). What neither says (v7's own
// routes) is marked "silent" with what this stand-in does there. It serves both `/api/v6/...` and
// `/api/v7/...`; the v7-only routes answer as v6's Express does on v6.

const PROJECT_ID_DEFAULT = '4b1ad5c3-5e0f-4e0b-9a52-8f0c6d6e2a01'
const ACCESS_SECONDS = 30 * 60 // §3 Tokens: 30 minutes
const REFRESH_SECONDS = 30 * 24 * 3600 // §3 Tokens: 30 days

interface StoredUser {
  id: string
  foreignId: string | null
  email: string | null
  password: string | null
  name: string | null
  username: string | null
  avatar: string | null
  bio: string | null
  metadata: Record<string, unknown>
  isVerified: boolean
}

export interface Sent {
  to: string
  kind: 'password-reset' | 'email-verification'
  token: string
}

export interface ReplykeStandInOptions {
  projectId?: string
  /** The per-IP rate limits (§3 Rate limits). Default on; suites that sign in many times turn them off. */
  rateLimits?: boolean
  /** The clock (ms), for expiry tests. */
  now?: () => number
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => Response.json(body, { status, headers })
const text = (status: number, body: string, headers: Record<string, string> = {}) => new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } })

export function replykeStandIn(options: ReplykeStandInOptions = {}) {
  const projectId = options.projectId ?? PROJECT_ID_DEFAULT
  const now = options.now ?? Date.now
  // two secrets, as the server's config has (ACCESS_TOKEN_SECRET and refreshTokenSecret): one token is
  // never taken for the other
  const secret = crypto.getRandomValues(new Uint8Array(32))
  const refreshSecret = crypto.getRandomValues(new Uint8Array(32))
  const users = new Map<string, StoredUser>()
  /** §3 Tokens: one stored row per session, by its refresh token's `jti`. */
  const sessions = new Map<string, { userId: string; token: string }>()
  const outbox: Sent[] = []
  /** v7 reset and verification tokens (silent: the contracts give only the request bodies). */
  const tickets = new Map<string, { userId: string; kind: Sent['kind'] }>()
  /** express-rate-limit's MemoryStore: a fixed window per key, from its first hit. */
  const hits = new Map<string, { count: number; resetAt: number }>()
  let externalKey: CryptoKey | Uint8Array | undefined
  const requests: Array<{ method: string; path: string; status: number }> = []

  // src/helpers/reduceAuthenticatedUserDetails.ts: these fields, no more (no createdAt)
  const publicUser = (u: StoredUser) => ({
    id: u.id,
    foreignId: u.foreignId,
    role: 'visitor', // the record's role (signUp.ts, verifyExternalUser.ts); the token's claim is "user"
    email: u.email,
    name: u.name,
    username: u.username,
    avatar: u.avatar,
    bio: u.bio,
    metadata: u.metadata,
    reputation: 0,
    isVerified: u.isVerified,
    isActive: true,
    lastActive: new Date(now()).toISOString(),
    suspensions: [],
  })

  const iat = () => Math.floor(now() / 1000)
  // §3 Tokens: HS256, claims {sub, projectId, role:"user", aud, iss}
  const accessToken = (u: StoredUser) =>
    new SignJWT({ projectId, role: 'user' }).setProtectedHeader({ alg: 'HS256' }).setSubject(u.id).setAudience('replyke.com').setIssuer('replyke.com').setIssuedAt(iat()).setExpirationTime(iat() + ACCESS_SECONDS).sign(secret)
  // signUp.ts, signIn.ts: the refresh token {sub, projectId, aud, iss, jti = the Token row}, stored on the row
  async function refreshToken(u: StoredUser) {
    const jti = crypto.randomUUID()
    const token = await new SignJWT({ projectId }).setProtectedHeader({ alg: 'HS256' }).setSubject(u.id).setAudience('replyke.com').setIssuer('replyke.com').setJti(jti).setIssuedAt(iat()).setExpirationTime(iat() + REFRESH_SECONDS).sign(refreshSecret)
    sessions.set(jti, { userId: u.id, token })
    return token
  }
  async function tokens(u: StoredUser, status: number) {
    const refresh = await refreshToken(u)
    // §3 Tokens: the refresh token is also set as a cookie
    return json(status, { success: true, accessToken: await accessToken(u), refreshToken: refresh, user: publicUser(u) }, { 'set-cookie': `replyke-refresh-jwt=${refresh}; Path=/; HttpOnly; Secure; SameSite=None` })
  }

  /**
   * src/v6/routers/auth.ts: express-rate-limit per IP and route, 5 per 5 minutes (sign-up, sign-in,
   * sign-out, change-password) or 50 (refresh, verify-external-user), each with its message. Its
   * defaults (7.5): a fixed window from the first hit; `X-RateLimit-Limit`, `-Remaining` and `-Reset` on
   * every reply of the route; on the 429, the message sent as text/html and `Retry-After` = the seconds
   * left in the window.
   */
  const LIMITS: Record<string, [number, string]> = {
    'sign-up': [5, 'Too many sign up attempts, please wait 5 minutes'],
    'sign-in': [5, 'Too many sign in attempts, please wait 5 minutes'],
    'sign-out': [5, 'Too many sign out attempts, please wait 5 minutes'],
    'change-password': [5, 'Too many attempts to change password, please wait 5 minutes'],
    'request-new-access-token': [50, 'Too many attempts to request a new access token, please wait 5 minutes'],
    'verify-external-user': [50, 'Too many attempts, please try again shortly'],
  }
  function limited(ip: string, route: string): { refused: Response | null; headers: Record<string, string> } {
    const limit = LIMITS[route]
    if (!limit || options.rateLimits === false) return { refused: null, headers: {} }
    const [max, message] = limit
    const key = `${ip} ${route}`
    let hit = hits.get(key)
    if (!hit || hit.resetAt <= now()) hits.set(key, (hit = { count: 0, resetAt: now() + 300_000 }))
    hit.count += 1
    const headers = { 'x-ratelimit-limit': String(max), 'x-ratelimit-remaining': String(Math.max(0, max - hit.count)), 'x-ratelimit-reset': String(Math.ceil(hit.resetAt / 1000)) }
    if (hit.count <= max) return { refused: null, headers }
    const wait = Math.max(0, Math.ceil((hit.resetAt - now()) / 1000))
    return { refused: new Response(message, { status: 429, headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': String(wait), ...headers } }), headers }
  }

  /**
   * src/middleware/requireUserAuth.ts: no header → 401 `Unauthorized`; the second word verified with the
   * access secret (signature and expiry only: no audience or project check), a `sub` required, else 403
   * `Forbidden`; the scheme word is not checked, a raw token → 403. The route then finds the user
   * (changePassword.ts: none → 403 auth/no-user-found).
   */
  async function bearer(request: Request): Promise<StoredUser | Response> {
    const header = request.headers.get('authorization')
    if (!header) return text(401, 'Unauthorized')
    const token = header.split(' ')[1]
    if (!token) return text(403, 'Forbidden')
    try {
      const { payload } = await jwtVerify(token, secret, { currentDate: new Date(now()) })
      if (!payload.sub) return text(403, 'Forbidden')
      return users.get(String(payload.sub)) ?? json(403, { error: 'User not found.', code: 'auth/no-user-found' })
    } catch {
      return text(403, 'Forbidden')
    }
  }

  const byEmail = (email: string) => [...users.values()].find((u) => u.email === email)
  const cookie = (request: Request, name: string) =>
    (request.headers.get('cookie') ?? '')
      .split(';')
      .map((part) => part.trim().split('='))
      .find(([key]) => key === name)?.[1] || undefined

  async function route(request: Request, version: string, name: string, body: Record<string, unknown>): Promise<Response> {
    const ip = request.headers.get('x-forwarded-for') ?? 'local'
    const { refused, headers } = limited(ip, name)
    if (refused) return refused
    const answer = await answerRoute(request, version, name, body)
    for (const [key, value] of Object.entries(headers)) answer.headers.set(key, value)
    return answer
  }

  async function answerRoute(request: Request, version: string, name: string, body: Record<string, unknown>): Promise<Response> {
    const str = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined)
    switch (name) {
      case 'sign-up': {
        const email = str('email')
        const password = str('password')
        if (!email || !password) return json(400, { error: 'Missing required fields', code: 'auth/missing-fields' })
        const lower = email.toLowerCase() // §3: sign-up lowercases the e-mail
        // §3 errors: a malformed e-mail and a taken e-mail or username are 500 auth/server-error
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(lower)) return json(500, { error: 'Internal server error', code: 'auth/server-error', details: 'Validation error: Validation isEmail on email failed' })
        const username = str('username')?.toLowerCase() ?? null // signUp.ts: `username?.toLowerCase()`
        if (byEmail(lower) || (username && [...users.values()].some((u) => u.username === username))) {
          return json(500, { error: 'Internal server error', code: 'auth/server-error', details: 'Validation error' })
        }
        const user: StoredUser = {
          id: crypto.randomUUID(),
          foreignId: null,
          email: lower,
          password, // §3: no password policy (any non-empty string); kept as is (a stand-in stores no real secrets)
          name: str('name') ?? null,
          username,
          avatar: str('avatar') ?? null,
          bio: str('bio') ?? null,
          metadata: (body.metadata && typeof body.metadata === 'object' ? body.metadata : {}) as Record<string, unknown>,
          isVerified: false,
        }
        users.set(user.id, user)
        // silent: whether v7 e-mails a verification link on sign-up; this stand-in does, so the v7 route has a token to take
        if (version === 'v7') ticket(user, 'email-verification')
        return tokens(user, 201)
      }
      case 'sign-in': {
        const email = str('email')
        const password = str('password')
        if (!email || !password) return json(400, { error: 'Email, and password are required.', code: 'auth/missing-fields' })
        const user = byEmail(email) // §3: looked up as sent (a mixed-case e-mail is not found)
        if (!user) return json(403, { error: 'User not found.', code: 'auth/no-user-found' })
        if (user.password === null) return json(403, { error: 'Invalid credentials.', code: 'auth/invalid-credentials' })
        if (user.password !== password) return json(401, { error: 'Incorrect password.', code: 'auth/wrong-password' })
        return tokens(user, 200)
      }
      case 'request-new-access-token': {
        // requestNewAccessToken.ts: the cookie first, else the body's token; none → 200 {user: null, accessToken: null}
        const token = cookie(request, 'replyke-refresh-jwt') ?? str('refreshToken')
        if (!token) return json(200, { user: null, accessToken: null })
        let payload
        try {
          ;({ payload } = await jwtVerify(token, refreshSecret, { currentDate: new Date(now()) }))
        } catch (error) {
          return json(403, { error: 'Invalid or expired refresh token.', code: 'auth/refresh-token-invalid', details: (error as Error).message })
        }
        if (!payload.sub || !payload.jti || payload.projectId !== projectId) return json(403, { error: 'Invalid refresh token.', code: 'auth/invalid-refresh-token' })
        // the row by jti, user and project, holding this very token
        const row = sessions.get(String(payload.jti))
        if (!row || row.userId !== payload.sub || row.token !== token) return json(403, { error: 'Refresh token not recognized.', code: 'auth/refresh-token-mismatch' })
        const user = users.get(row.userId)
        if (!user) return json(403, { error: 'User not found.', code: 'auth/no-user-found' })
        if (version === 'v6') return json(200, { success: true, accessToken: await accessToken(user), user: publicUser(user) }) // v6 does not rotate
        // §3: v7 "may return a new one"; silent on the old one: this stand-in rotates and forgets it (the stricter case)
        sessions.delete(String(payload.jti))
        return json(200, { success: true, accessToken: await accessToken(user), refreshToken: await refreshToken(user), user: publicUser(user) })
      }
      case 'sign-out': {
        // signOut.ts: the cookie (cleared) or the body's token; 204 always, even for garbage or an
        // already-deleted token; deletes only that token's row
        const fromCookie = cookie(request, 'replyke-refresh-jwt')
        const token = fromCookie ?? str('refreshToken')
        if (token) {
          try {
            const { payload } = await jwtVerify(token, refreshSecret, { currentDate: new Date(now()) })
            sessions.delete(String(payload.jti))
          } catch {
            // garbage: still 204
          }
        }
        return new Response(null, { status: 204, headers: fromCookie ? { 'set-cookie': 'replyke-refresh-jwt=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=None' } : {} })
      }
      case 'change-password': {
        const user = await bearer(request)
        if (user instanceof Response) return user
        const password = str('password')
        const newPassword = str('newPassword')
        // changePassword.ts
        if (!password || !newPassword) return json(400, { error: 'Email, password, and a new password are all required.', code: 'auth/missing-fields' })
        if (user.password === null) return json(400, { error: 'User is not authenticated with email and password.', code: 'auth/not-password-authenticated' })
        if (user.password !== password) return json(401, { error: 'Incorrect password.', code: 'auth/wrong-password' })
        user.password = newPassword // §3: revokes nothing
        return json(200, { success: true, message: 'Password updated successfully.' })
      }
      case 'verify-external-user': {
        // verifyExternalUser.ts
        const userJwt = str('userJwt')
        if (!userJwt) return json(400, { error: 'Missing userJwt', code: 'auth/missing-jwt' })
        if (!externalKey) return json(403, { error: 'Missing JWT keys', code: 'auth/missing-keys' })
        let payload
        try {
          ;({ payload } = await jwtVerify(userJwt, externalKey, { algorithms: ['RS256'], currentDate: new Date(now()) }))
        } catch {
          return json(403, { error: 'Invalid token', code: 'auth/invalid-token' })
        }
        if (payload.iss !== projectId) return json(403, { error: 'Project ID mismatch', code: 'auth/project-mismatch' })
        // the user's fields come from the `userData` claim, not from top-level claims: without it the
        // destructuring throws, and the catch answers 500
        const userData = payload.userData as Record<string, unknown> | undefined
        if (!userData || typeof userData !== 'object')
          return json(500, { error: 'Internal server error', code: 'auth/server-error', details: "Cannot destructure property 'email' of 'userData' as it is undefined." })
        const field = (key: string) => (typeof userData[key] === 'string' ? (userData[key] as string) : null)
        const foreignId = String(payload.sub)
        // by foreign id, else by e-mail (linked), else created
        let user = [...users.values()].find((u) => u.foreignId === foreignId) ?? (field('email') ? byEmail(field('email')!) : undefined)
        if (!user) {
          user = { id: crypto.randomUUID(), foreignId, email: field('email'), password: null, name: field('name'), username: field('username'), avatar: field('avatar'), bio: field('bio'), metadata: {}, isVerified: false }
          users.set(user.id, user)
        } else {
          user.foreignId = foreignId
          for (const key of ['email', 'name', 'username', 'avatar', 'bio'] as const) if (field(key)) user[key] = field(key)
        }
        return tokens(user, 200)
      }
    }
    if (version !== 'v7') return expressNotFound(request)
    // v7 only (§3): silent on replies and errors; this stand-in answers 200 {success:true}, and 400
    // {error, code:"auth/invalid-token"} for an unknown or spent token
    switch (name) {
      case 'request-password-reset': {
        const user = byEmail(str('email')?.toLowerCase() ?? '')
        if (user) ticket(user, 'password-reset')
        return json(200, { success: true })
      }
      case 'reset-password':
      case 'verify-email': {
        const kind = name === 'reset-password' ? 'password-reset' : 'email-verification'
        const token = str('token') ?? ''
        const found = tickets.get(token)
        const user = found?.kind === kind ? users.get(found.userId) : undefined
        if (!user) return json(400, { error: 'Invalid or expired token.', code: 'auth/invalid-token' })
        if (kind === 'password-reset') {
          const newPassword = str('newPassword')
          if (!newPassword) return json(400, { error: 'Missing required fields', code: 'auth/missing-fields' })
          user.password = newPassword
        } else user.isVerified = true
        tickets.delete(token)
        return json(200, { success: true })
      }
    }
    return expressNotFound(request)
  }

  function ticket(user: StoredUser, kind: Sent['kind']) {
    const token = crypto.randomUUID().replace(/-/g, '')
    tickets.set(token, { userId: user.id, kind })
    outbox.push({ to: user.email ?? '', kind, token })
  }

  /** §3: the v6 server has no such routes (Express 404 HTML). */
  const expressNotFound = (request: Request) =>
    new Response(`<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot POST ${new URL(request.url).pathname}</pre>\n</body>\n</html>\n`, { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' } })

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const match = /^\/api\/(v5|v6|v7)\/([^/]+)\/auth\/([a-z-]+)$/.exec(url.pathname)
    if (!match || match[2] !== projectId || request.method !== 'POST') return expressNotFound(request)
    let body: Record<string, unknown> = {}
    try {
      const raw = await request.text()
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {}
    } catch {
      return json(400, { error: 'Invalid JSON', code: 'auth/invalid-json' }) // silent: Express's own body-parser error page; JSON here
    }
    const response = await route(request, match[1]!, match[3]!, body)
    requests.push({ method: request.method, path: `/auth/${match[3]}`, status: response.status })
    return response
  }

  return {
    projectId,
    handle,
    /** `fetch` for a client in this process. */
    fetch: (input: RequestInfo | URL, init?: RequestInit) => handle(new Request(input, init)),
    outbox: outbox as readonly Sent[],
    requests: requests as ReadonlyArray<{ method: string; path: string; status: number }>,
    /** The newest message to `to` of `kind`. */
    lastMessage(to: string, kind: Sent['kind']): Sent {
      const message = [...outbox].reverse().find((m) => m.to === to.toLowerCase() && m.kind === kind)
      if (!message) throw new Error(`no ${kind} to ${to}`)
      return message
    },
    /** The project's public key for `verify-external-user` (none: `auth/missing-keys`). */
    async setExternalKey(jwk: JWK) {
      externalKey = await importJWK(jwk, 'RS256')
    },
    /** Removes every stored session of `email`'s user (as if they expired). */
    forgetSessions(email: string) {
      const user = byEmail(email.toLowerCase())
      for (const [jti, row] of sessions) if (row.userId === user?.id) sessions.delete(jti)
    },
  }
}

export type ReplykeStandIn = ReturnType<typeof replykeStandIn>
