import { LOOPBACK_ORIGINS } from '../origins.js'
import { Secret } from 'otpauth'
import { type Clock, createClock } from './clock.js'
import { createSigner, type Signer } from './jwt.js'
import { createKit, type ElevationPolicy, HttpError, json, type OutboxMessage, type Routes } from './kit.js'
import { accountRoutes } from './routes/account.js'
import { coreRoutes } from './routes/core.js'
import { mfaRoutes } from './routes/mfa.js'
import { oauthRoutes } from './routes/oauth.js'
import { passwordlessRoutes } from './routes/passwordless.js'
import { webauthnRoutes } from './routes/webauthn.js'

export type { OutboxMessage, OutboxKind, ElevationPolicy } from './kit.js'

export interface ReferenceBackendOptions {
  /** The clock for token expiry, tickets, codes and TOTP. Default: a real clock that tests can `advance()`. */
  clock?: Clock
  /** Path the backend is mounted at, e.g. `/auth/v1`; requests outside it get 404. Default `''`. */
  basePath?: string
  /** Access-token lifetime in seconds. Default 900, as Nhost. */
  accessTokenTtl?: number
  /** Refresh-token lifetime in seconds. Default 30 days, as Nhost. */
  refreshTokenTtl?: number
  /**
   * Seconds after a refresh token is rotated during which presenting it again answers the same
   * successor (a client whose reply was lost), as Supabase's reuse interval and Auth0's leeway do.
   * After it, or with `0`, reuse revokes the whole token family (the strictest server). Default 10.
   */
  refreshTokenReuseInterval?: number
  /**
   * What `POST /signout` with a refresh token revokes: `'family'` (the token, everything rotated from
   * it and its successors; the default) or `'token'` (only the token presented, as a server without
   * token families does: a successor issued meanwhile stays alive).
   */
  signOutRevokes?: 'family' | 'token'
  /** E-mailed ticket lifetime in seconds (verification, reset, change, magic link). Default 3600. */
  ticketTtl?: number
  /** Refuse sign-in until the e-mail address is verified, and sign up without a session. Default false. */
  requireEmailVerification?: boolean
  minPasswordLength?: number
  /** PBKDF2 iterations for stored passwords. Default 210 000. */
  passwordHashIterations?: number
  /** The app's URL: the default `redirectTo`, the first allowed one, and the default passkey origin. */
  clientUrl?: string
  /** Further URLs that `redirectTo` and passkey origins may be (and below); `*` matches within a segment. */
  allowedRedirectUrls?: readonly string[]
  /**
   * Also allow every loopback origin, any port (`http://localhost:*`, `http://127.0.0.1:*`), for
   * redirects and passkeys: a dev server works on whatever port it found free. Default true; `false`
   * leaves exactly `clientUrl` and `allowedRedirectUrls`.
   */
  allowLoopbackOrigins?: boolean
  /** Turns sign-up off (answers 403 `signup-disabled`), passwordless and anonymous account creation too. */
  disableSignUp?: boolean
  /**
   * When adding a passkey, changing the password or e-mail, or creating a PAT needs an elevated token:
   * `'when-passkeys'` (the user has a passkey; Nhost's recommended setting, the default), `'always'`, `'never'`.
   */
  requireElevation?: ElevationPolicy
  /** Issuer shown in authenticator apps. Default `'keyward'`. */
  totpIssuer?: string
  /**
   * How long a passkey challenge is good for, in milliseconds: the options' `timeout`, after which the
   * server refuses an answer to it (hasura-auth's `AUTH_WEBAUTHN_ATTESTATION_TIMEOUT`). Default 5 minutes.
   */
  webauthnTimeout?: number
  /**
   * Serves the outbox at `GET {basePath}/__reference/outbox`, so a demo page or a browser test can read
   * the e-mails. Off by default: the outbox holds sign-in links.
   */
  exposeOutbox?: boolean
}

export interface RequestLogEntry {
  method: string
  path: string
  status: number
  at: number
}

/** Marks a reply made by an injected fault, so a log or a contract checker can tell it from the server's own. */
export const FAULT_HEADER = 'x-reference-fault'

export type Fault =
  /**
   * The reply replaced by this status and body: before the server handles the request (a proxy that
   * could not reach it), or with `after`, once it has (a proxy that lost the server's reply: a
   * refresh token is then rotated although the client never learns its successor).
   */
  | { kind: 'status'; status: number; body?: string; after?: boolean }
  | { kind: 'malformed' }
  | { kind: 'network' }
  /** The reply held back `ms`: before the server handles the request, or with `after`, once it has. */
  | { kind: 'delay'; ms: number; after?: boolean }

export interface FaultRule {
  /** Path below the mount point, e.g. `/token`. Every path when absent. */
  path?: string
  method?: string
  fault: Fault
  /** How many requests the fault hits before it is spent. Default 1. */
  times?: number
}

/**
 * An in-memory server speaking the Nhost Auth contract, with real cryptography: PBKDF2 password
 * hashes, RS256 access tokens with a JWKS, rotating refresh tokens with reuse detection, single-use
 * expiring tickets and codes, TOTP, WebAuthn. For tests, Storybook and the demo — never for production.
 *
 * @example
 * const server = createReferenceBackend()
 * const client = createAuthClient({ backend: nhost({ url: 'http://auth.test' }), fetch: server.fetch })
 */
export function createReferenceBackend(options: ReferenceBackendOptions = {}) {
  const clock = options.clock ?? createClock()
  const basePath = (options.basePath ?? '').replace(/\/$/, '')
  const clientUrl = options.clientUrl ?? 'http://localhost:5173'
  let signer: Promise<Signer> | null = null

  const kit = createKit({
    clock,
    basePath,
    accessTokenTtl: options.accessTokenTtl ?? 900,
    refreshTokenTtl: options.refreshTokenTtl ?? 30 * 24 * 3600,
    refreshTokenReuseInterval: options.refreshTokenReuseInterval ?? 10,
    signOutRevokes: options.signOutRevokes ?? 'family',
    ticketTtl: options.ticketTtl ?? 3600,
    iterations: options.passwordHashIterations ?? 210_000,
    minPasswordLength: options.minPasswordLength ?? 9,
    clientUrl,
    allowedUrls: [
      clientUrl,
      ...(options.allowedRedirectUrls ?? []),
      ...(options.allowLoopbackOrigins === false ? [] : LOOPBACK_ORIGINS),
    ],
    requireEmailVerification: options.requireEmailVerification ?? false,
    disableSignUp: options.disableSignUp ?? false,
    elevation: options.requireElevation ?? 'when-passkeys',
    issuer: 'keyward-reference',
    signer: () => (signer ??= createSigner('keyward-reference')),
  })

  const requests: RequestLogEntry[] = []
  const faults: Array<FaultRule & { times: number }> = []
  const routes: Routes = {
    ...coreRoutes(kit),
    ...mfaRoutes(kit, options.totpIssuer ?? 'keyward'),
    ...webauthnRoutes(kit, 'keyward', options.webauthnTimeout),
    ...accountRoutes(kit),
    ...passwordlessRoutes(kit),
    ...oauthRoutes(kit),
    ...(options.exposeOutbox ? { 'GET /__reference/outbox': async () => json(200, kit.outbox) } : {}),
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
    if (fault?.kind === 'delay' && !fault.after) await new Promise((resolve) => setTimeout(resolve, fault.ms))
    if (fault?.kind === 'network') {
      requests.push({ method, path: path ?? url.pathname, status: 0, at: clock.now() })
      throw new TypeError('fetch failed: connection dropped by the reference backend')
    }
    if (fault?.kind === 'status' && !fault.after) return log(new Response(fault.body ?? '', { status: fault.status, headers: { [FAULT_HEADER]: 'status' } }))

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
        } else if (error.code === 'Elevated claim required') {
          response = json(403, { error: 'Elevated claim required' })
        } else {
          response = json(error.status, { status: error.status, message: error.message, error: error.code })
        }
      }
    }
    if (fault?.kind === 'delay' && fault.after) await new Promise((resolve) => setTimeout(resolve, fault.ms))
    if (fault?.kind === 'status') {
      response = new Response(fault.body ?? '', { status: fault.status, headers: { 'content-type': 'application/json', [FAULT_HEADER]: 'status' } })
    } else if (fault?.kind === 'malformed' && response.ok) {
      response = new Response('{"session": {"accessToken": 42', { status: 200, headers: { 'content-type': 'application/json', [FAULT_HEADER]: 'malformed' } })
    }
    return log(response)
  }

  function userByEmail(email: string) {
    const user = kit.findByEmail(email)
    if (!user) throw new Error(`no user ${email}`)
    return user
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
        handle(request)
          .then(resolve, reject)
          .finally(() => signal.removeEventListener('abort', onAbort))
      })
    },
    clock,
    basePath,
    /** Everything the server e-mailed or texted, oldest first. */
    outbox: kit.outbox as readonly OutboxMessage[],
    /** The newest message to `to` (of `kind`, when given). */
    lastMessage(to: string, kind?: OutboxMessage['kind']): OutboxMessage {
      const message = [...kit.outbox].reverse().find((m) => m.to === to.toLowerCase() && (!kind || m.kind === kind))
      if (!message) throw new Error(`no ${kind ?? 'message'} to ${to} in the outbox`)
      return message
    },
    /** Method, path and status of every request (no bodies: they hold passwords). */
    requests,
    /**
     * Refresh-token rotation so far: `rotations` (a live token exchanged), `replays` (a rotated token
     * answered with its successor inside the reuse interval), `reuseDetections` (a family revoked).
     */
    refreshStats: kit.refreshStats as Readonly<typeof kit.refreshStats>,
    /** Makes the next matching request fail: `server.inject({ path: '/token', fault: { kind: 'network' } })`. */
    inject(rule: FaultRule) {
      faults.push({ ...rule, times: rule.times ?? 1 })
    },
    /** Drops the faults not spent yet: the network is back. */
    clearFaults() {
      faults.splice(0)
    },
    /** Number of logged requests to `path` (with `method`, when given). */
    count(path: string, method?: string) {
      return requests.filter((entry) => entry.path === path && (!method || entry.method === method)).length
    },
    admin: {
      /** Creates a user directly, verified unless told otherwise. */
      async createUser(input: { email: string; password: string; emailVerified?: boolean; displayName?: string; avatarUrl?: string }) {
        const email = input.email.toLowerCase()
        if (kit.findByEmail(email)) throw new Error(`${email} already exists`)
        const user = await kit.addUser({
          email,
          password: input.password,
          emailVerified: input.emailVerified ?? true,
          ...(input.displayName ? { displayName: input.displayName } : {}),
          ...(input.avatarUrl ? { avatarUrl: input.avatarUrl } : {}),
        })
        return kit.publicUser(user)
      },
      /** Turns TOTP on for a user and returns the base32 secret, as if they had set it up. */
      enableTotp(email: string): string {
        const user = userByEmail(email)
        user.totpSecret = new Secret({ size: 20 }).base32
        user.activeMfaType = 'totp'
        return user.totpSecret
      },
      disableUser(email: string) {
        userByEmail(email).disabled = true
      },
      /** Revokes every refresh token, as a server-side "sign out everyone" would. */
      revokeAllRefreshTokens() {
        kit.revokeAllOf(null)
      },
      getUser: (email: string) => {
        const user = kit.findByEmail(email)
        return user ? kit.publicUser(user) : null
      },
      /** The user's passkeys: id, nickname and signature counter. */
      passkeys: (email: string) => userByEmail(email).credentials.map(({ id, nickname, counter }) => ({ id, nickname, counter })),
      /** Live refresh tokens of a user (neither rotated, revoked nor expired). */
      activeRefreshTokens: (email: string) => kit.activeRefreshTokens(kit.findByEmail(email)?.id),
    },
  }
}

export type ReferenceBackend = ReturnType<typeof createReferenceBackend>
