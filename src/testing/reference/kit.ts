import type { Clock } from './clock.js'
import type { Signer } from './jwt.js'
import { allowlistMatcher } from '../../core/redirect.js'
import { hashPassword, sha256 } from './passwords.js'

// The reference backend's shared state and helpers, handed to each route module.

export interface StoredCredential {
  id: string
  publicKey: Uint8Array<ArrayBuffer>
  counter: number
  transports: string[]
  nickname: string | null
}

export interface OtpRecord {
  hash: string
  expiresAt: number
  attempts: number
}

export interface UserRecord {
  id: string
  email: string | null
  passwordHash: string | null
  emailVerified: boolean
  phoneNumber: string | null
  phoneNumberVerified: boolean
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
  /** A secret from /mfa/totp/generate that has not been activated yet. */
  pendingTotpSecret: string | null
  lastTotpCounter: number
  webauthnUserId: string
  credentials: StoredCredential[]
  emailOtp: OtpRecord | null
  smsOtp: OtpRecord | null
  /** Providers linked through OAuth, e.g. `github`. */
  providers: string[]
}

export interface TicketRecord {
  userId: string
  type: 'verifyEmail' | 'mfaTotp' | 'passwordReset' | 'emailConfirmChange' | 'signinPasswordless'
  expiresAt: number
  used: boolean
  newEmail?: string
}

export type OutboxKind = 'email-verification' | 'password-reset' | 'email-change' | 'magic-link' | 'email-otp' | 'sms-otp'

export interface OutboxMessage {
  /** An e-mail address, or a phone number for `sms-otp`. */
  to: string
  kind: OutboxKind
  subject: string
  text: string
  /** The link in the message, when it has one. */
  link: string | null
  /** The one-time code in the message, when it has one. */
  code: string | null
  /** The ticket behind the link, for apps whose templates link to their own page with `?ticket=`. */
  ticket: string | null
  at: number
}

export type ElevationPolicy = 'always' | 'when-passkeys' | 'never'

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export const fail = (status: number, code: string, message: string): never => {
  throw new HttpError(status, code, message)
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export type Handler = (request: Request, url: URL) => Promise<Response>
export type Routes = Record<string, Handler>

export interface KitOptions {
  clock: Clock
  basePath: string
  accessTokenTtl: number
  refreshTokenTtl: number
  /** Seconds after a rotation during which the rotated token still answers (0: reuse is at once theft). */
  refreshTokenReuseInterval: number
  signOutRevokes: 'family' | 'token'
  ticketTtl: number
  iterations: number
  minPasswordLength: number
  clientUrl: string
  allowedUrls: readonly string[]
  requireEmailVerification: boolean
  disableSignUp: boolean
  elevation: ElevationPolicy
  issuer: string
  signer: () => Promise<Signer>
}

interface RefreshTokenRecord {
  id: string
  userId: string
  family: string
  expiresAt: number
  /** Set once the token has been exchanged; presenting it again is reuse. */
  rotatedAt: number | null
  /**
   * The token it was exchanged for, kept only through the reuse interval: a client whose reply was
   * lost gets that same successor again instead of a revoked family.
   */
  successor?: { token: string; hash: string; id: string } | undefined
  revoked: boolean
  /** Claims for the first session minted from this token (a password-reset link's elevation). */
  carries?: Record<string, string>
}

export function createKit(options: KitOptions) {
  const { clock } = options
  const users = new Map<string, UserRecord>()
  const refreshTokens = new Map<string, RefreshTokenRecord>()
  const tickets = new Map<string, TicketRecord>()
  const outbox: OutboxMessage[] = []
  /** What refresh-token rotation did: fresh rotations, replays inside the reuse interval, reuse detections. */
  const refreshStats = { rotations: 0, replays: 0, reuseDetections: 0 }
  // the library's own matcher: the server and the client agree on what is allowed
  const isAllowedUrl = allowlistMatcher(options.allowedUrls)

  const findByEmail = (email: string) => [...users.values()].find((user) => user.email === email.toLowerCase())
  const findByPhone = (phone: string) => [...users.values()].find((user) => user.phoneNumber === phone)

  function publicUser(user: UserRecord) {
    return {
      id: user.id,
      ...(user.email ? { email: user.email } : {}),
      emailVerified: user.emailVerified,
      ...(user.phoneNumber ? { phoneNumber: user.phoneNumber } : {}),
      phoneNumberVerified: user.phoneNumberVerified,
      displayName: user.displayName,
      avatarUrl: user.avatarUrl,
      locale: user.locale,
      defaultRole: user.defaultRole,
      roles: user.roles,
      isAnonymous: user.isAnonymous,
      metadata: user.metadata,
      createdAt: new Date(user.createdAt).toISOString(),
      // optional and nullable in Nhost's document: its Go server leaves out a nil pointer
      ...(user.activeMfaType ? { activeMfaType: user.activeMfaType } : {}),
    }
  }

  async function addUser(fields: Partial<UserRecord> & { password?: string | undefined }): Promise<UserRecord> {
    const { password, ...rest } = fields
    const user: UserRecord = {
      id: crypto.randomUUID(),
      email: null,
      passwordHash: password === undefined ? null : await hashPassword(password, options.iterations),
      emailVerified: false,
      phoneNumber: null,
      phoneNumberVerified: false,
      displayName: rest.email ?? rest.phoneNumber ?? '',
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
      pendingTotpSecret: null,
      lastTotpCounter: -1,
      webauthnUserId: crypto.randomUUID(),
      credentials: [],
      emailOtp: null,
      smsOtp: null,
      providers: [],
      ...rest,
    }
    users.set(user.id, user)
    return user
  }

  /**
   * A new session. `extraClaims` go into its access token; with `carry`, also into the first session
   * minted from its refresh token — for redirects, where the app only ever sees the refresh token.
   */
  async function issueSession(user: UserRecord, extraClaims: Record<string, string> = {}, carry = false) {
    const refreshToken = crypto.randomUUID()
    const id = crypto.randomUUID()
    refreshTokens.set(await sha256(refreshToken), {
      id,
      userId: user.id,
      family: crypto.randomUUID(),
      expiresAt: clock.now() + options.refreshTokenTtl * 1000,
      rotatedAt: null,
      revoked: false,
      ...(carry ? { carries: extraClaims } : {}),
    })
    return sessionFor(user, refreshToken, id, extraClaims)
  }

  async function sessionFor(user: UserRecord, refreshToken: string, refreshTokenId: string, extraClaims: Record<string, string> = {}) {
    const accessToken = await (await options.signer()).sign(
      { userId: user.id, defaultRole: user.defaultRole, roles: user.roles, isAnonymous: user.isAnonymous },
      clock.now(),
      options.accessTokenTtl,
      extraClaims,
    )
    return { accessToken, accessTokenExpiresIn: options.accessTokenTtl, refreshToken, refreshTokenId, user: publicUser(user) }
  }

  /**
   * Exchanges a refresh token for a new session (rotation), revoking the family on reuse. Atomic: every
   * await comes before the first change or after the last, so a sign-out (a revocation) lands either
   * before the rotation (which then fails) or after it (and revokes the successor with the family).
   */
  async function rotate(refreshToken: string) {
    const next = crypto.randomUUID()
    const [hash, nextHash] = await Promise.all([sha256(refreshToken), sha256(next)])
    const record = refreshTokens.get(hash)
    if (!record || record.revoked || record.expiresAt <= clock.now()) {
      return fail(401, 'invalid-refresh-token', 'Invalid or expired refresh token')
    }
    const user = users.get(record.userId)
    if (record.rotatedAt !== null) {
      const successor = record.successor
      const live = successor ? refreshTokens.get(successor.hash) : undefined
      if (successor && live && !live.revoked && live.rotatedAt === null && clock.now() - record.rotatedAt < options.refreshTokenReuseInterval * 1000 && user && !user.disabled) {
        // within the reuse interval (Supabase: 10 s): the reply was probably lost; answer the same successor
        refreshStats.replays += 1
        return sessionFor(user, successor.token, successor.id, record.carries)
      }
      // A rotated token came back: it was stolen or replayed. Revoke the whole family.
      refreshStats.reuseDetections += 1
      for (const token of refreshTokens.values()) if (token.family === record.family) token.revoked = true
      return fail(401, 'invalid-refresh-token', 'Invalid or expired refresh token')
    }
    if (!user || user.disabled) return fail(401, 'invalid-refresh-token', 'Invalid or expired refresh token')
    record.rotatedAt = clock.now()
    refreshStats.rotations += 1
    const id = crypto.randomUUID()
    const { carries, ...rest } = record
    if (options.refreshTokenReuseInterval > 0) record.successor = { token: next, hash: nextHash, id }
    refreshTokens.set(nextHash, { ...rest, id, rotatedAt: null, successor: undefined, expiresAt: clock.now() + options.refreshTokenTtl * 1000 })
    return sessionFor(user, next, id, carries)
  }

  /** `POST /signout`'s revocation: the token's whole family, or (`signOutRevokes: 'token'`) the token alone. */
  async function revokeFamilyOf(refreshToken: string) {
    const record = refreshTokens.get(await sha256(refreshToken))
    if (record && options.signOutRevokes === 'token') record.revoked = true
    else if (record) for (const token of refreshTokens.values()) if (token.family === record.family) token.revoked = true
  }

  function revokeAllOf(userId: string | null) {
    for (const token of refreshTokens.values()) if (userId === null || token.userId === userId) token.revoked = true
  }

  function activeRefreshTokens(userId: string | undefined) {
    return [...refreshTokens.values()].filter(
      (token) => token.userId === userId && !token.revoked && token.rotatedAt === null && token.expiresAt > clock.now(),
    ).length
  }

  /** What a developer reads in the AuthError's message: the refused URL, and the option that would allow it. */
  function notAllowed(url: string, what = 'redirectTo'): string {
    let origin = url
    try {
      origin = new URL(url).origin
    } catch {
      // not a URL: named as given
    }
    return `${what} ${origin} is not allowed: add it to allowedRedirectUrls (or set clientUrl) in createReferenceBackend()`
  }

  function checkRedirect(redirectTo: unknown): string {
    if (redirectTo === undefined || redirectTo === null) return options.clientUrl
    if (typeof redirectTo !== 'string') return fail(400, 'request-validation-error', 'redirectTo must be a string')
    if (!isAllowedUrl(redirectTo)) fail(400, 'redirectTo-not-allowed', notAllowed(redirectTo))
    return redirectTo
  }

  function validEmail(value: unknown): string {
    if (typeof value !== 'string' || !EMAIL.test(value)) return fail(400, 'request-validation-error', 'email must be a valid e-mail address')
    return value.toLowerCase()
  }

  function validPassword(value: unknown, field = 'password'): string {
    if (typeof value !== 'string' || value.length < 3 || value.length > 50) {
      return fail(400, 'request-validation-error', `${field} must be 3 to 50 characters`)
    }
    return value
  }

  function strongEnough(password: string) {
    if (password.length < options.minPasswordLength) fail(400, 'password-too-short', 'Password is too short')
  }

  function createTicket(type: TicketRecord['type'], user: UserRecord, ttlSeconds = options.ticketTtl, extra: Partial<TicketRecord> = {}): string {
    const ticket = `${type}:${crypto.randomUUID()}`
    tickets.set(ticket, { userId: user.id, type, expiresAt: clock.now() + ttlSeconds * 1000, used: false, ...extra })
    return ticket
  }

  /** The ticket's record, if it is of `type`, unused and unexpired; marked used when `consume`. */
  function ticketRecord(ticket: unknown, type: TicketRecord['type'], consume = true): TicketRecord & { user: UserRecord } {
    const record = typeof ticket === 'string' ? tickets.get(ticket) : undefined
    const user = record ? users.get(record.userId) : undefined
    if (!record || !user || record.type !== type || record.used || record.expiresAt <= clock.now()) {
      return fail(401, 'invalid-ticket', 'Invalid or expired ticket')
    }
    if (consume) record.used = true
    return { ...record, user }
  }

  function sendLink(to: string, kind: OutboxKind, subject: string, ticket: string, origin: string, redirectTo: string, type: string) {
    const link = `${origin}${options.basePath}/verify?${new URLSearchParams({ ticket, type, redirectTo })}`
    outbox.push({ to, kind, subject, text: `${subject}: ${link}`, link, code: null, ticket, at: clock.now() })
  }

  async function bearerUser(request: Request): Promise<{ user: UserRecord; elevated: boolean }> {
    const header = request.headers.get('authorization') ?? ''
    const token = header.startsWith('Bearer ') ? header.slice(7) : ''
    const claims = token ? await (await options.signer()).verify(token, clock.now()) : null
    const user = claims?.sub ? users.get(claims.sub) : undefined
    if (!user) return fail(401, 'invalid-request', 'Invalid or expired access token')
    if (user.disabled) return fail(401, 'disabled-user', 'User is disabled')
    const hasura = claims?.['https://hasura.io/jwt/claims'] as Record<string, unknown> | undefined
    return { user, elevated: hasura?.['x-hasura-auth-elevated'] === user.id }
  }

  /** The bearer's user, refusing with hasura-auth's 403 when the action needs a recent passkey check. */
  async function elevatedUser(request: Request): Promise<UserRecord> {
    const { user, elevated } = await bearerUser(request)
    const needed = options.elevation === 'always' || (options.elevation === 'when-passkeys' && user.credentials.length > 0)
    if (needed && !elevated) throw new HttpError(403, 'Elevated claim required', 'Elevated claim required')
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

  /** Six random digits, stored hashed; expires in 5 minutes and locks after 5 wrong tries. */
  async function newOtp(): Promise<{ code: string; record: OtpRecord }> {
    const code = String(crypto.getRandomValues(new Uint32Array(1))[0]! % 1_000_000).padStart(6, '0')
    return { code, record: { hash: await sha256(code), expiresAt: clock.now() + 5 * 60_000, attempts: 0 } }
  }

  async function checkOtp(record: OtpRecord | null, code: unknown): Promise<boolean> {
    if (!record || record.expiresAt <= clock.now() || record.attempts >= 5 || typeof code !== 'string') return false
    if ((await sha256(code)) === record.hash) {
      record.expiresAt = 0 // single use
      return true
    }
    record.attempts += 1
    return false
  }

  return {
    options,
    clock,
    users,
    tickets,
    outbox,
    refreshStats,
    findByEmail,
    findByPhone,
    publicUser,
    addUser,
    issueSession,
    rotate,
    revokeFamilyOf,
    revokeAllOf,
    activeRefreshTokens,
    isAllowedUrl,
    checkRedirect,
    notAllowed,
    validEmail,
    validPassword,
    strongEnough,
    createTicket,
    ticketRecord,
    sendLink,
    bearerUser,
    elevatedUser,
    readBody,
    newOtp,
    checkOtp,
  }
}

export type Kit = ReturnType<typeof createKit>
