import { Secret, TOTP } from 'otpauth'
import { type Clock, createClock } from './clock.js'
import { createSigner, type Signer } from './jwt.js'
import { hashPassword, sha256, verifyPassword } from './passwords.js'

export interface ReferenceBackendOptions {
  /** The clock for token expiry, tickets and TOTP. Default: a real clock that tests can `advance()`. */
  clock?: Clock
  /** Path the backend is mounted at, e.g. `/auth/v1`; requests outside it get 404. Default `''`. */
  basePath?: string
  /** Access-token lifetime in seconds. Default 900, as Nhost. */
  accessTokenTtl?: number
  /** Refresh-token lifetime in seconds. Default 30 days, as Nhost. */
  refreshTokenTtl?: number
  /** Verification, reset and MFA ticket lifetime in seconds. Default 3600 (MFA tickets: 300). */
  ticketTtl?: number
  /** Refuse sign-in until the e-mail address is verified, and sign up without a session. Default false. */
  requireEmailVerification?: boolean
  minPasswordLength?: number
  /** PBKDF2 iterations for stored passwords. Default 210 000. */
  passwordHashIterations?: number
  /** The app's URL: the default `redirectTo` and the first allowed one. */
  clientUrl?: string
  /** Further URLs that `redirectTo` may point at (and below); `*` matches within a segment. */
  allowedRedirectUrls?: readonly string[]
  /** Turns sign-up off (answers 403 `signup-disabled`). */
  disableSignUp?: boolean
  /**
   * Serves the outbox at `GET {basePath}/__reference/outbox`, so a demo page or a browser test can read
   * the e-mails. Off by default: the outbox holds sign-in links.
   */
  exposeOutbox?: boolean
}

export interface OutboxMessage {
  to: string
  kind: 'email-verification'
  subject: string
  text: string
  /** The link in the message, when it has one. */
  link: string | null
  at: number
}

export interface RequestLogEntry {
  method: string
  path: string
  status: number
  at: number
}

export type Fault =
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'malformed' }
  | { kind: 'network' }
  | { kind: 'delay'; ms: number }

export interface FaultRule {
  /** Path below the mount point, e.g. `/token`. Every path when absent. */
  path?: string
  method?: string
  fault: Fault
  /** How many requests the fault hits before it is spent. Default 1. */
  times?: number
}

interface UserRecord {
  id: string
  email: string
  passwordHash: string | null
  emailVerified: boolean
  phoneNumber: string | null
  displayName: string
  avatarUrl: string
  locale: string
  defaultRole: string
  roles: string[]
  isAnonymous: boolean
  metadata: Record<string, unknown>
  createdAt: number
  disabled: boolean
  activeMfaType: 'totp' | null
  totpSecret: string | null
  lastTotpCounter: number
}

interface RefreshTokenRecord {
  id: string
  userId: string
  family: string
  expiresAt: number
  /** Set once the token has been exchanged; presenting it again is reuse. */
  rotatedAt: number | null
  revoked: boolean
}

interface TicketRecord {
  userId: string
  type: 'verifyEmail' | 'mfaTotp'
  expiresAt: number
  used: boolean
  redirectTo?: string
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * An allowed redirect URL as a pattern: it matches itself and anything below it (`/path`, `?query`),
 * and `*` stands for any run of characters within one segment, as in Nhost's allowed-URL setting
 * (`http://localhost:*`, `https://*.example.com`).
 */
function redirectPattern(allowed: string): RegExp {
  const body = allowed.replace(/\/$/, '').split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/?#]*')
  return new RegExp(`^${body}(?:[/?#].*)?$`)
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

const fail = (status: number, code: string, message: string): never => {
  throw new HttpError(status, code, message)
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * An in-memory server speaking the Nhost Auth contract, with real cryptography: PBKDF2 password
 * hashes, RS256 access tokens with a JWKS, rotating refresh tokens with reuse detection, single-use
 * expiring tickets, TOTP. For tests, Storybook and the demo — never for production.
 *
 * @example
 * const server = createReferenceBackend()
 * const client = createAuthClient({ backend: nhost({ url: 'http://auth.test' }), fetch: server.fetch })
 */
export function createReferenceBackend(options: ReferenceBackendOptions = {}) {
  const clock = options.clock ?? createClock()
  const basePath = (options.basePath ?? '').replace(/\/$/, '')
  const accessTokenTtl = options.accessTokenTtl ?? 900
  const refreshTokenTtl = options.refreshTokenTtl ?? 30 * 24 * 3600
  const ticketTtl = options.ticketTtl ?? 3600
  const iterations = options.passwordHashIterations ?? 210_000
  const minPasswordLength = options.minPasswordLength ?? 9
  const clientUrl = options.clientUrl ?? 'http://localhost:5173'
  const allowedRedirects = [clientUrl, ...(options.allowedRedirectUrls ?? [])]

  const users = new Map<string, UserRecord>()
  const refreshTokens = new Map<string, RefreshTokenRecord>()
  const tickets = new Map<string, TicketRecord>()
  const outbox: OutboxMessage[] = []
  const requests: RequestLogEntry[] = []
  const faults: Array<Required<Pick<FaultRule, 'fault' | 'times'>> & FaultRule> = []
  let signer: Promise<Signer> | null = null
  const getSigner = () => (signer ??= createSigner('keyward-reference'))
  // a fixed hash to compare against when the e-mail is unknown, so timing does not reveal accounts
  let dummyHash: Promise<string> | null = null

  const findByEmail = (email: string) => [...users.values()].find((user) => user.email === email.toLowerCase())

  function publicUser(user: UserRecord) {
    return {
      id: user.id,
      ...(user.email ? { email: user.email } : {}),
      emailVerified: user.emailVerified,
      ...(user.phoneNumber ? { phoneNumber: user.phoneNumber } : {}),
      phoneNumberVerified: false,
      displayName: user.displayName,
      avatarUrl: user.avatarUrl,
      locale: user.locale,
      defaultRole: user.defaultRole,
      roles: user.roles,
      isAnonymous: user.isAnonymous,
      metadata: user.metadata,
      createdAt: new Date(user.createdAt).toISOString(),
      activeMfaType: user.activeMfaType,
    }
  }

  async function addUser(email: string, password: string, fields: Partial<UserRecord>): Promise<UserRecord> {
    const user: UserRecord = {
      id: crypto.randomUUID(),
      email,
      passwordHash: await hashPassword(password, iterations),
      emailVerified: false,
      phoneNumber: null,
      displayName: email,
      avatarUrl: '',
      locale: 'en',
      defaultRole: 'user',
      roles: ['user', 'me'],
      isAnonymous: false,
      metadata: {},
      createdAt: clock.now(),
      disabled: false,
      activeMfaType: null,
      totpSecret: null,
      lastTotpCounter: -1,
      ...fields,
    }
    users.set(user.id, user)
    return user
  }

  async function issueSession(user: UserRecord, family: string = crypto.randomUUID()) {
    const refreshToken = crypto.randomUUID()
    const id = crypto.randomUUID()
    refreshTokens.set(await sha256(refreshToken), {
      id,
      userId: user.id,
      family,
      expiresAt: clock.now() + refreshTokenTtl * 1000,
      rotatedAt: null,
      revoked: false,
    })
    const accessToken = await (await getSigner()).sign(
      { userId: user.id, defaultRole: user.defaultRole, roles: user.roles, isAnonymous: user.isAnonymous },
      clock.now(),
      accessTokenTtl,
    )
    return { accessToken, accessTokenExpiresIn: accessTokenTtl, refreshToken, refreshTokenId: id, user: publicUser(user) }
  }

  function checkRedirect(redirectTo: unknown): string {
    if (redirectTo === undefined) return clientUrl
    if (typeof redirectTo !== 'string') return fail(400, 'request-validation-error', 'redirectTo must be a string')
    if (!allowedRedirects.some((pattern) => redirectPattern(pattern).test(redirectTo))) {
      fail(400, 'redirectTo-not-allowed', 'The value of "options.redirectTo" is not allowed.')
    }
    return redirectTo
  }

  function validEmail(value: unknown): string {
    if (typeof value !== 'string' || !EMAIL.test(value)) return fail(400, 'request-validation-error', 'email must be a valid e-mail address')
    return value.toLowerCase()
  }

  function validPassword(value: unknown): string {
    if (typeof value !== 'string' || value.length < 3 || value.length > 50) {
      return fail(400, 'request-validation-error', 'password must be 3 to 50 characters')
    }
    return value
  }

  function createTicket(type: TicketRecord['type'], user: UserRecord, ttlSeconds: number, redirectTo?: string): string {
    const ticket = `${type}:${crypto.randomUUID()}`
    tickets.set(ticket, { userId: user.id, type, expiresAt: clock.now() + ttlSeconds * 1000, used: false, ...(redirectTo ? { redirectTo } : {}) })
    return ticket
  }

  function takeTicket(ticket: unknown, type: TicketRecord['type']): UserRecord {
    const record = typeof ticket === 'string' ? tickets.get(ticket) : undefined
    if (!record || record.type !== type || record.used || record.expiresAt <= clock.now()) {
      return fail(401, 'invalid-ticket', 'Invalid or expired ticket')
    }
    record.used = true
    const user = users.get(record.userId)
    return user ?? fail(401, 'invalid-ticket', 'Invalid or expired ticket')
  }

  function sendVerificationEmail(user: UserRecord, origin: string, redirectTo: string) {
    const ticket = createTicket('verifyEmail', user, ticketTtl)
    const link = `${origin}${basePath}/verify?${new URLSearchParams({ ticket, type: 'emailVerify', redirectTo })}`
    outbox.push({
      to: user.email,
      kind: 'email-verification',
      subject: 'Verify your e-mail address',
      text: `Use this link to verify your e-mail address: ${link}`,
      link,
      at: clock.now(),
    })
  }

  async function bearerUser(request: Request): Promise<UserRecord> {
    const header = request.headers.get('authorization') ?? ''
    const token = header.startsWith('Bearer ') ? header.slice(7) : ''
    const claims = token ? await (await getSigner()).verify(token, clock.now()) : null
    const user = claims?.sub ? users.get(claims.sub) : undefined
    if (!user) return fail(401, 'invalid-request', 'Invalid or expired access token')
    if (user.disabled) return fail(401, 'disabled-user', 'User is disabled')
    return user
  }

  async function readBody(request: Request): Promise<Record<string, unknown>> {
    const text = await request.text()
    if (!text) return {}
    try {
      const body: unknown = JSON.parse(text)
      return isObject(body) ? body : fail(400, 'request-validation-error', 'The body must be a JSON object')
    } catch (error) {
      if (error instanceof HttpError) throw error
      return fail(400, 'request-validation-error', 'The body is not valid JSON')
    }
  }

  type Handler = (request: Request, url: URL) => Promise<Response>
  const routes: Record<string, Handler> = {
    ...(options.exposeOutbox ? { 'GET /__reference/outbox': async () => json(200, outbox) } : {}),
    'GET /healthz': async () => json(200, 'OK'),
    'GET /version': async () => json(200, { version: 'keyward-reference' }),
    'GET /.well-known/jwks.json': async () => json(200, (await getSigner()).jwks()),

    'POST /signup/email-password': async (request, url) => {
      if (options.disableSignUp) fail(403, 'signup-disabled', 'Sign up is disabled.')
      const body = await readBody(request)
      const email = validEmail(body.email)
      const password = validPassword(body.password)
      const signUpOptions = isObject(body.options) ? body.options : {}
      const redirectTo = checkRedirect(signUpOptions.redirectTo)
      if (password.length < minPasswordLength) fail(400, 'password-too-short', 'Password is too short')
      if (findByEmail(email)) fail(409, 'email-already-in-use', 'Email already in use')
      const user = await addUser(email, password, {
        ...(typeof signUpOptions.displayName === 'string' ? { displayName: signUpOptions.displayName } : {}),
        ...(typeof signUpOptions.locale === 'string' ? { locale: signUpOptions.locale } : {}),
        ...(isObject(signUpOptions.metadata) ? { metadata: signUpOptions.metadata } : {}),
      })
      sendVerificationEmail(user, url.origin, redirectTo)
      // the spec's SessionPayload has an optional, non-nullable `session`: omitted until verified
      if (options.requireEmailVerification) return json(200, {})
      return json(200, { session: await issueSession(user) })
    },

    'POST /signin/email-password': async (request) => {
      const body = await readBody(request)
      const email = validEmail(body.email)
      const password = validPassword(body.password)
      const user = findByEmail(email)
      const ok = await verifyPassword(password, user?.passwordHash ?? (await (dummyHash ??= hashPassword('x', iterations))))
      if (!user || !ok) return fail(401, 'invalid-email-password', 'Incorrect email or password')
      if (user.disabled) fail(401, 'disabled-user', 'User is disabled')
      if (options.requireEmailVerification && !user.emailVerified) fail(401, 'unverified-user', 'Email is not verified')
      if (user.activeMfaType === 'totp') {
        return json(200, { mfa: { ticket: createTicket('mfaTotp', user, 300) } })
      }
      return json(200, { session: await issueSession(user) })
    },

    'POST /signin/mfa/totp': async (request) => {
      const body = await readBody(request)
      if (typeof body.ticket !== 'string' || typeof body.otp !== 'string') fail(400, 'request-validation-error', 'ticket and otp are required')
      const record = tickets.get(body.ticket as string)
      const user = record && !record.used && record.expiresAt > clock.now() ? users.get(record.userId) : undefined
      if (!record || !user || record.type !== 'mfaTotp') return fail(401, 'invalid-ticket', 'Invalid or expired ticket')
      if (user.activeMfaType !== 'totp' || !user.totpSecret) return fail(400, 'disabled-mfa-totp', 'MFA TOTP is not enabled')
      if (!checkTotp(user, body.otp as string)) return fail(401, 'invalid-totp', 'Invalid TOTP code')
      record.used = true
      return json(200, { session: await issueSession(user) })
    },

    'POST /token': async (request) => {
      const body = await readBody(request)
      if (typeof body.refreshToken !== 'string' || !UUID.test(body.refreshToken)) {
        fail(400, 'request-validation-error', 'refreshToken must be a UUID')
      }
      const record = refreshTokens.get(await sha256(body.refreshToken as string))
      if (!record || record.revoked || record.expiresAt <= clock.now()) {
        return fail(401, 'invalid-refresh-token', 'Invalid or expired refresh token')
      }
      if (record.rotatedAt !== null) {
        // A rotated token came back: it was stolen or replayed. Revoke the whole family.
        for (const token of refreshTokens.values()) if (token.family === record.family) token.revoked = true
        return fail(401, 'invalid-refresh-token', 'Invalid or expired refresh token')
      }
      const user = users.get(record.userId)
      if (!user || user.disabled) return fail(401, 'invalid-refresh-token', 'Invalid or expired refresh token')
      record.rotatedAt = clock.now()
      return json(200, await issueSession(user, record.family))
    },

    'POST /signout': async (request) => {
      const body = await readBody(request)
      if (body.all === true) {
        const user = await bearerUser(request)
        for (const token of refreshTokens.values()) if (token.userId === user.id) token.revoked = true
        return json(200, 'OK')
      }
      if (typeof body.refreshToken === 'string') {
        const record = refreshTokens.get(await sha256(body.refreshToken))
        if (record) for (const token of refreshTokens.values()) if (token.family === record.family) token.revoked = true
      }
      return json(200, 'OK')
    },

    'GET /user': async (request) => json(200, publicUser(await bearerUser(request))),

    'POST /user/email/send-verification-email': async (request, url) => {
      const body = await readBody(request)
      const email = validEmail(body.email)
      const redirectTo = checkRedirect(isObject(body.options) ? body.options.redirectTo : undefined)
      const user = findByEmail(email)
      if (user?.emailVerified) fail(400, 'email-already-verified', "User's email is already verified")
      // unknown addresses get the same answer: nobody learns which e-mails have accounts
      if (user) sendVerificationEmail(user, url.origin, redirectTo)
      return json(200, 'OK')
    },

    'GET /verify': async (_request, url) => {
      const redirectTo = url.searchParams.get('redirectTo') ?? clientUrl
      let target: URL
      try {
        target = new URL(checkRedirect(redirectTo))
      } catch {
        return fail(400, 'redirectTo-not-allowed', 'The value of "redirectTo" is not allowed.')
      }
      try {
        const user = takeTicket(url.searchParams.get('ticket'), 'verifyEmail')
        user.emailVerified = true
        const session = await issueSession(user)
        target.searchParams.set('refreshToken', session.refreshToken)
        target.searchParams.set('type', url.searchParams.get('type') ?? 'emailVerify')
      } catch (error) {
        if (!(error instanceof HttpError)) throw error
        target.searchParams.set('error', error.code)
        target.searchParams.set('errorDescription', error.message)
      }
      return new Response(null, { status: 302, headers: { location: target.toString() } })
    },
  }

  function checkTotp(user: UserRecord, code: string): boolean {
    if (!user.totpSecret || !/^\d{6}$/.test(code)) return false
    const totp = new TOTP({ secret: Secret.fromBase32(user.totpSecret), digits: 6, period: 30, algorithm: 'SHA1' })
    const delta = totp.validate({ token: code, timestamp: clock.now(), window: 1 })
    if (delta === null) return false
    const counter = totp.counter({ timestamp: clock.now() }) + delta
    // a code cannot be used twice, nor can an older one after a newer
    if (counter <= user.lastTotpCounter) return false
    user.lastTotpCounter = counter
    return true
  }

  function takeFault(method: string, path: string): Fault | null {
    const index = faults.findIndex((rule) => (!rule.path || rule.path === path) && (!rule.method || rule.method === method))
    const rule = faults[index]
    if (!rule) return null
    rule.times -= 1
    if (rule.times <= 0) faults.splice(index, 1)
    return rule.fault
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : null
    const method = request.method.toUpperCase()
    const log = (response: Response) => {
      requests.push({ method, path: path ?? url.pathname, status: response.status, at: clock.now() })
      return response
    }

    const fault = path === null ? null : takeFault(method, path)
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms))
    if (fault?.kind === 'network') {
      requests.push({ method, path: path ?? url.pathname, status: 0, at: clock.now() })
      throw new TypeError('fetch failed: connection dropped by the reference backend')
    }
    if (fault?.kind === 'status') return log(new Response(fault.body ?? '', { status: fault.status }))

    const handler = path === null ? undefined : routes[`${method} ${path}`]
    let response: Response
    if (!handler) {
      response = json(404, { status: 404, message: 'Route not found', error: 'invalid-request' })
    } else {
      try {
        response = await handler(request, url)
      } catch (error) {
        if (!(error instanceof HttpError)) {
          response = json(500, { status: 500, message: 'Internal server error', error: 'internal-server-error' })
        } else if (error.code === 'request-validation-error') {
          response = json(400, { error: 'request-validation-error', reason: error.message })
        } else {
          response = json(error.status, { status: error.status, message: error.message, error: error.code })
        }
      }
    }
    if (fault?.kind === 'malformed' && response.ok) {
      response = new Response('{"session": {"accessToken": 42', { status: 200, headers: { 'content-type': 'application/json' } })
    }
    return log(response)
  }

  return {
    /** The whole server as one function: pass it as the client's `fetch`, or serve it. */
    fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init)
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined)
      if (!signal) return handle(request)
      // like a real network: an aborted or timed-out signal rejects the pending fetch
      if (signal.aborted) return Promise.reject(signal.reason)
      return new Promise<Response>((resolve, reject) => {
        const onAbort = () => reject(signal.reason)
        signal.addEventListener('abort', onAbort, { once: true })
        handle(request).then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
      })
    },
    clock,
    basePath,
    /** Everything the server e-mailed, oldest first. */
    outbox,
    /** Method, path and status of every request (no bodies: they hold passwords). */
    requests,
    /** Makes the next matching request fail: `server.inject({ path: '/token', fault: { kind: 'network' } })`. */
    inject(rule: FaultRule) {
      faults.push({ ...rule, times: rule.times ?? 1 })
    },
    /** Number of logged requests to `path` (with `method`, when given). */
    count(path: string, method?: string) {
      return requests.filter((entry) => entry.path === path && (!method || entry.method === method)).length
    },
    admin: {
      /** Creates a user directly, verified unless told otherwise. */
      async createUser(input: { email: string; password: string; emailVerified?: boolean; displayName?: string }) {
        const email = input.email.toLowerCase()
        if (findByEmail(email)) throw new Error(`${email} already exists`)
        const user = await addUser(email, input.password, {
          emailVerified: input.emailVerified ?? true,
          ...(input.displayName ? { displayName: input.displayName } : {}),
        })
        return publicUser(user)
      },
      /** Turns TOTP on for a user and returns the base32 secret, as if they had set it up. */
      enableTotp(email: string): string {
        const user = findByEmail(email)
        if (!user) throw new Error(`no user ${email}`)
        user.totpSecret = new Secret({ size: 20 }).base32
        user.activeMfaType = 'totp'
        return user.totpSecret
      },
      disableUser(email: string) {
        const user = findByEmail(email)
        if (!user) throw new Error(`no user ${email}`)
        user.disabled = true
      },
      /** Revokes every refresh token, as a server-side "sign out everyone" would. */
      revokeAllRefreshTokens() {
        for (const token of refreshTokens.values()) token.revoked = true
      },
      getUser: (email: string) => {
        const user = findByEmail(email)
        return user ? publicUser(user) : null
      },
      /** Live refresh tokens of a user (neither rotated, revoked nor expired). */
      activeRefreshTokens: (email: string) => {
        const user = findByEmail(email)
        return [...refreshTokens.values()].filter(
          (token) => token.userId === user?.id && !token.revoked && token.rotatedAt === null && token.expiresAt > clock.now(),
        ).length
      },
    },
  }
}

export type ReferenceBackend = ReturnType<typeof createReferenceBackend>
