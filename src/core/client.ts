import type { AuthBackend, BackendContext, PasswordCredentials, SignInResult, SignOutOptions, SignUpInput, SignUpResult } from './backend.js'
import { AuthError, AuthErrorCode, isAuthError, toAuthError } from './errors.js'
import * as check from './input.js'
import { type LockManagerLike, withLock } from './lock.js'
import { memoryStorage, type TokenStorage } from './storage.js'
import { createSessionStore, loadingSnapshot } from './store.js'
import { broadcastChannelSync, type SyncChannel, type SyncMessage } from './sync.js'
import type { AuthSnapshot, Session } from './types.js'

export interface AuthClientOptions {
  backend: AuthBackend
  /** Where the session survives reloads. Default: `memoryStorage()` (nothing persisted). */
  storage?: TokenStorage
  /** The fetch used for auth requests and `client.fetch`. Default: `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch
  /** Seconds before access-token expiry at which the session is refreshed. Default 60. */
  refreshMargin?: number
  /** Milliseconds before an auth request fails with `timeout`. Default 15000. */
  timeout?: number
  /** Cross-tab sync: `true` (BroadcastChannel, `storage` event fallback), `false`, or a channel of your own. */
  sync?: boolean | SyncChannel
  /** The lock manager for single-flight refresh across tabs. Default `navigator.locks`; `null` for none. */
  locks?: LockManagerLike | null
  /** Milliseconds to wait for the cross-tab refresh lock before refreshing anyway. Default 10000. */
  lockTimeout?: number
  /** A session known before start (from a server render); the client starts `signedIn` with it. */
  initialSession?: Session | null
  /** Names the storage lock and channel, so two apps on one origin do not collide. Default `'keyward'`. */
  name?: string
  /** The clock. Default `Date.now`. */
  now?: () => number
  /**
   * Where e-mailed links and OAuth may send the user back to: URLs (and everything below them); `*`
   * matches within one segment. Checked before any request. Default: the page's own origin.
   */
  allowedRedirects?: readonly string[]
}

const MAX_TIMER = 2 ** 31 - 1
const MAX_BACKOFF = 60_000
/** Never refresh sooner than this after the session last changed, whatever the server says. */
const MIN_REFRESH_INTERVAL = 5_000
/** The longest `Retry-After` honoured; a server asking for more is asked again after this. */
const MAX_RETRY_AFTER = 5 * 60_000
/** An access token said to live longer than this is a broken reply, not a session. */
const MAX_TOKEN_LIFETIME = 366 * 24 * 3600_000
const MAX_TOKEN_LENGTH = 64 * 1024

const isToken = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= MAX_TOKEN_LENGTH

function parseStoredSession(raw: string | null): Session | null {
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as Partial<Session> | null
    if (!value || typeof value !== 'object') return null
    const { accessToken = null, refreshToken = null, accessTokenExpiresAt = null, refreshTokenId = null, user = null } = value
    if (accessToken !== null && !isToken(accessToken)) return null
    if (refreshToken !== null && !isToken(refreshToken)) return null
    if (accessTokenExpiresAt !== null && !Number.isFinite(accessTokenExpiresAt)) return null
    if (user !== null && (typeof user !== 'object' || typeof user.id !== 'string')) return null
    if (accessToken === null && refreshToken === null && user === null) return null
    return { accessToken, refreshToken, accessTokenExpiresAt, refreshTokenId, user }
  } catch {
    return null
  }
}

/**
 * The framework-agnostic auth engine: session state, token storage, refresh and cross-tab sync.
 * React apps get one through `<AuthProvider>`; other code can use it directly.
 *
 * @example
 * const client = createAuthClient({ backend: nhost({ url: 'https://local.auth.nhost.run/v1' }), storage: localStorageStorage() })
 * const stop = client.start()
 * client.subscribe(() => console.log(client.getSnapshot().status))
 */
export function createAuthClient(options: AuthClientOptions) {
  const { backend } = options
  const storage = options.storage ?? memoryStorage()
  const name = options.name ?? 'keyward'
  const now = options.now ?? (() => Date.now())
  const margin = (options.refreshMargin ?? 60) * 1000
  const lockTimeout = options.lockTimeout ?? 10_000
  const baseFetch: typeof globalThis.fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init)
  const ctx = (signal?: AbortSignal): BackendContext => ({ fetch: baseFetch, timeout: options.timeout ?? 15_000, signal, now })
  const allowedRedirects = (): readonly string[] =>
    options.allowedRedirects ?? (typeof location === 'undefined' ? [] : [location.origin])

  /**
   * `redirectTo` made absolute (against the page), once it is known to be on the allowlist; refused
   * before any request otherwise. Absent stays absent; anything but a non-empty string is invalid input.
   */
  async function checkRedirect(redirectTo: unknown): Promise<string | undefined> {
    if (redirectTo === undefined) return undefined
    const given = check.text(redirectTo, 'redirectTo', 4096)
    let absolute: string
    try {
      absolute = new URL(given, typeof location === 'undefined' ? undefined : location.href).toString()
    } catch {
      throw new AuthError(AuthErrorCode.RedirectNotAllowed, 'redirectTo is not a URL')
    }
    // the matcher is loaded when a redirect is checked, not by every app up front
    const { isAllowedUrl } = await import('./redirect.js')
    if (!isAllowedUrl(absolute, allowedRedirects())) {
      throw new AuthError(AuthErrorCode.RedirectNotAllowed, `redirectTo ${absolute} is not on the allowlist`)
    }
    return absolute
  }

  const initial: AuthSnapshot = options.initialSession
    ? Object.freeze({ status: 'signedIn', session: options.initialSession, user: options.initialSession.user, error: null })
    : loadingSnapshot
  const store = createSessionStore(initial)

  let inflightRefresh: Promise<Session | null> | null = null
  let restoring: Promise<void> | null = null
  let refreshTimer: ReturnType<typeof setTimeout> | undefined
  let failures = 0
  /** When the current session arrived (sign-in, refresh, another tab): the refresh floor counts from it. */
  let sessionSince = now()
  /** Not before this: the server's `Retry-After` after a failed refresh. */
  let retryAt = 0
  let starts = 0
  let channel: SyncChannel | null = null
  let detach: Array<() => void> = []

  const current = () => store.getSnapshot().session
  const rejected = (error: unknown) =>
    isAuthError(error) &&
    (backend.isSessionRejected ? backend.isSessionRejected(error) : error.code === AuthErrorCode.InvalidRefreshToken)

  function broadcast(message: SyncMessage) {
    channel?.post(message)
  }

  function armRefresh() {
    clearTimeout(refreshTimer)
    refreshTimer = undefined
    const session = current()
    if (starts === 0 || !session || !session.refreshToken || !backend.refresh) return
    let delay: number
    if (failures > 0) {
      // back off after a failed refresh: 1 s, 2 s, 4 s … up to a minute, or as long as the server asked
      delay = Math.max(Math.min(MAX_BACKOFF, 1000 * 2 ** (failures - 1)), retryAt - now())
    } else if (session.accessTokenExpiresAt === null) {
      return
    } else {
      delay = Math.max(0, refreshDueAt(session, sessionSince) - now(), sessionSince + MIN_REFRESH_INTERVAL - now())
    }
    refreshTimer = setTimeout(() => {
      refreshSession().catch(() => {})
    }, Math.min(delay, MAX_TIMER))
  }

  /**
   * When a session should be refreshed: `refreshMargin` before its expiry, or, for a token that lives
   * no longer than the margin, halfway through what it had left when it arrived (`since`).
   */
  function refreshDueAt(session: Session, since: number): number {
    const expiresAt = session.accessTokenExpiresAt ?? Infinity
    return expiresAt - margin > since ? expiresAt - margin : since + (expiresAt - since) / 2
  }

  /**
   * A session from the backend is committed only with a usable token and a finite, sane expiry:
   * anything else is a broken reply (`invalid_response`), never a signed-in state.
   */
  function checkReceived(session: Session): Session {
    const bearer = backend.transport !== 'cookie'
    const problem =
      (session.accessToken === null ? bearer : !isToken(session.accessToken)) ||
      (session.refreshToken !== null && !isToken(session.refreshToken)) ||
      (session.accessTokenExpiresAt !== null &&
        !(Number.isFinite(session.accessTokenExpiresAt) && session.accessTokenExpiresAt > now() && session.accessTokenExpiresAt - now() <= MAX_TOKEN_LIFETIME))
    if (problem) throw new AuthError(AuthErrorCode.InvalidResponse, 'The server sent a session without a usable token or expiry')
    return session
  }

  /** Writes storage first, then publishes: another tab re-reading storage never sees an older session. */
  async function commitSession(session: Session, announce: boolean) {
    if (session.accessToken !== current()?.accessToken) sessionSince = now()
    try {
      await storage.set(JSON.stringify(session))
    } catch (error) {
      store.set('signedIn', session, toAuthError(error))
      armRefresh()
      return
    }
    failures = 0
    retryAt = 0
    store.set('signedIn', session, null)
    if (announce) broadcast({ type: 'session', session })
    armRefresh()
  }

  async function clearSession(announce: boolean, error: AuthError | null = null) {
    clearTimeout(refreshTimer)
    failures = 0
    try {
      await storage.remove()
    } finally {
      store.set('signedOut', null, error)
      if (announce) broadcast({ type: 'signedOut' })
    }
  }

  /** Completes a session the backend returned without its user. */
  async function withUser(session: Session): Promise<Session> {
    if (session.user) return session
    return { ...session, user: await backend.getUser(session, ctx()) }
  }

  async function readStorage(): Promise<Session | null> {
    try {
      return parseStoredSession(await storage.get())
    } catch {
      return null
    }
  }

  function refreshSession(known: Session | null = current()): Promise<Session | null> {
    inflightRefresh ??= runRefresh(known).finally(() => {
      inflightRefresh = null
    })
    return inflightRefresh
  }

  async function runRefresh(known: Session | null): Promise<Session | null> {
    const refresh = backend.refresh
    if (!refresh || !known?.refreshToken) return known
    // One refresh across tabs: the lock serialises them, and whoever comes second finds the
    // rotated token in storage instead of spending the old one (which rotation has revoked).
    return withLock(options.locks, `${name}:refresh`, lockTimeout, async () => {
      const stored = await readStorage()
      if (!stored && current() !== null && current() === known) {
        // another tab signed out while we waited
        await clearSession(false)
        return null
      }
      const base = stored ?? known
      if (base.refreshToken !== known.refreshToken && !expiresSoon(base)) {
        await commitSession(base, false)
        return base
      }
      try {
        const next = await withUser(checkReceived(await refresh(base, ctx())))
        await commitSession(next, true)
        return next
      } catch (error) {
        const authError = toAuthError(error)
        if (rejected(authError)) {
          // A tab without Web Locks may have won the race and rotated the token: adopt its session.
          const latest = await readStorage()
          if (latest?.refreshToken && latest.refreshToken !== base.refreshToken) {
            await commitSession(latest, false)
            return latest
          }
          await clearSession(true, authError)
          throw authError
        }
        // A network error or a failing server says nothing about the session: keep it, retry later.
        failures += 1
        retryAt = authError.retryAfter === undefined ? 0 : now() + Math.min(authError.retryAfter, MAX_RETRY_AFTER)
        store.set('signedIn', current() ?? base, authError)
        armRefresh()
        throw authError
      }
    })
  }

  /** Whether `session` is due for a refresh (one that is not the current session counts from now). */
  function expiresSoon(session: Session): boolean {
    if (session.accessTokenExpiresAt === null) return false
    return refreshDueAt(session, session === current() ? sessionSince : now()) <= now()
  }

  async function adoptSession(session: Session): Promise<Session> {
    const complete = await withUser(checkReceived(session))
    await commitSession(complete, true)
    return complete
  }

  /** A flow's result: a session is completed, stored and published; other steps pass through. */
  async function adoptResult<R extends { kind: string; session?: Session }>(result: R): Promise<R> {
    if (result.kind !== 'session' || !result.session) return result
    return { ...result, session: await adoptSession(result.session) }
  }

  async function restore() {
    let stored = await readStorage()
    if (!stored && options.initialSession) {
      stored = options.initialSession
      await storage.set(JSON.stringify(stored))
    }
    if (!stored) {
      await clearSession(false)
      return
    }
    try {
      if (stored.refreshToken && backend.refresh && (expiresSoon(stored) || !stored.user)) {
        // stays 'loading' until the refresh answers: no flash of signed-in (or signed-out) UI
        await refreshSession(stored)
      } else {
        await commitSession(await withUser(stored), false)
      }
    } catch (error) {
      if (rejected(error) || isAuthError(error, AuthErrorCode.Unauthorized)) await clearSession(false, toAuthError(error))
      // transient failures keep the stored session (already published above); the refresh timer retries
      else if (store.getSnapshot().status === 'loading') store.set('signedIn', stored, toAuthError(error))
    }
  }

  function onMessage(message: SyncMessage) {
    if (message.type === 'signedOut') {
      if (current()) void clearSession(false)
      return
    }
    if (message.session.refreshToken !== current()?.refreshToken || message.session.accessToken !== current()?.accessToken) {
      void commitSession(message.session, false)
    }
  }

  async function onExternalStorageChange() {
    const stored = await readStorage()
    if (!stored) {
      if (current()) await clearSession(false)
    } else if (stored.refreshToken !== current()?.refreshToken || stored.accessToken !== current()?.accessToken) {
      await commitSession(stored, false)
    }
  }

  function onWake() {
    // Timers do not run while a laptop sleeps or a tab is frozen: re-check on return.
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return
    const session = current()
    // a refresh that failed while offline is retried at once when the network or the tab is back,
    // unless the server asked for a pause; a due refresh waits for the floor after the last change
    const due =
      failures > 0 ? now() >= retryAt : session !== null && expiresSoon(session) && now() >= sessionSince + MIN_REFRESH_INTERVAL
    if (session && due) refreshSession().catch(() => {})
    else armRefresh()
  }

  function start(): () => void {
    starts += 1
    if (starts === 1) {
      if (options.sync !== false) {
        channel = typeof options.sync === 'object' ? options.sync : broadcastChannelSync(`${name}:session`)
        if (channel) detach.push(channel.subscribe(onMessage))
        else if (storage.subscribe) detach.push(storage.subscribe(() => void onExternalStorageChange()))
      }
      if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
        window.addEventListener('online', onWake)
        window.addEventListener('focus', onWake)
        document.addEventListener('visibilitychange', onWake)
        detach.push(() => {
          window.removeEventListener('online', onWake)
          window.removeEventListener('focus', onWake)
          document.removeEventListener('visibilitychange', onWake)
        })
      }
      restoring ??= restore()
      armRefresh()
    }
    let stopped = false
    return () => {
      if (stopped) return
      stopped = true
      starts -= 1
      if (starts > 0) return
      clearTimeout(refreshTimer)
      for (const off of detach) off()
      detach = []
      if (channel && typeof options.sync !== 'object') channel.close()
      channel = null
    }
  }

  async function requireSession(): Promise<Session> {
    await restoring
    const session = current()
    if (!session) throw new AuthError(AuthErrorCode.NotSignedIn, 'Nobody is signed in')
    return session
  }

  /** A valid access token, refreshing first when it is about to expire; `null` when signed out. */
  async function getAccessToken(): Promise<string | null> {
    await restoring
    const session = current()
    if (!session) return null
    if (expiresSoon(session) && session.refreshToken && backend.refresh) {
      try {
        return (await refreshSession())?.accessToken ?? null
      } catch (error) {
        if (rejected(error)) return null
        // offline: try with the token we have; the server decides
      }
    }
    return current()?.accessToken ?? null
  }

  /** Refreshes unless somebody already replaced the token that the server just refused. */
  async function refreshAfterRejection(refused: string): Promise<Session | null> {
    const session = current()
    if (session && session.accessToken !== refused) return session
    return refreshSession()
  }

  async function sendAuthorized(input: RequestInfo | URL, init: RequestInit | undefined, token: string | null): Promise<Response> {
    let request: [RequestInfo | URL, RequestInit]
    try {
      request = authorize(input, init, token)
    } catch (error) {
      throw new AuthError(AuthErrorCode.InvalidInput, 'client.fetch was given a request it cannot send', { cause: error })
    }
    let response: unknown
    try {
      response = await baseFetch(...request)
    } catch (error) {
      throw toAuthError(error)
    }
    // by shape, not instanceof: a Response may come from another realm (an iframe, a polyfill)
    const shaped = response as Partial<Response> | null
    if (!shaped || typeof shaped !== 'object' || typeof shaped.status !== 'number' || typeof shaped.headers?.get !== 'function') {
      throw new AuthError(AuthErrorCode.InvalidResponse, 'The configured fetch did not resolve to a Response')
    }
    return response as Response
  }

  function authorize(input: RequestInfo | URL, init: RequestInit | undefined, token: string | null): [RequestInfo | URL, RequestInit] {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined))
    if (token && backend.transport === 'bearer') headers.set('authorization', `Bearer ${token}`)
    const credentials: RequestInit = backend.transport === 'cookie' ? { credentials: 'include' } : {}
    return [input instanceof Request ? input.clone() : input, { ...init, ...credentials, headers }]
  }

  return {
    backend,
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    /** The snapshot to render on the server and during hydration: never the browser's state. */
    getServerSnapshot: (): AuthSnapshot => initial,
    start,
    /** Resolves once the stored session has been restored (or found absent). */
    ready: async (): Promise<AuthSnapshot> => {
      await restoring
      return store.getSnapshot()
    },

    async signInWithPassword(input: PasswordCredentials): Promise<SignInResult> {
      const given = check.fields(input)
      const credentials = { email: check.email(given.email), password: check.password(given.password) }
      return adoptResult(await backend.signInWithPassword(credentials, ctx()))
    },

    async signUp(input: SignUpInput): Promise<SignUpResult> {
      const given = check.fields(input)
      const checked: SignUpInput = { email: check.email(given.email), password: check.password(given.password) }
      const displayName = check.optionalText(given.displayName, 'displayName')
      const locale = check.optionalText(given.locale, 'locale', 16)
      const metadata = check.metadata(given.metadata)
      if (displayName !== undefined) checked.displayName = displayName
      if (locale !== undefined) checked.locale = locale
      if (metadata !== undefined) checked.metadata = metadata
      if (!backend.capabilities.signUp) throw new AuthError(AuthErrorCode.Unsupported, `${backend.id} has no sign-up`)
      // the verification e-mail's link leads to redirectTo: the same allowlist as every other link
      const redirectTo = await checkRedirect(given.redirectTo)
      if (redirectTo !== undefined) checked.redirectTo = redirectTo
      return adoptResult(await backend.signUp(checked, ctx()))
    },

    /** Adopts a session obtained elsewhere (a redirect, another flow) as the current one. */
    adoptSession,

    /**
     * Ends the session on this device, or everywhere with `{ all: true }`. The local session is cleared
     * even when the server cannot be reached; a server that cannot be told is reported in the result.
     */
    async signOut(signOutOptions: SignOutOptions = {}): Promise<{ serverError: AuthError | null }> {
      const all = check.fields(signOutOptions, 'options').all
      if (all !== undefined && typeof all !== 'boolean') throw new AuthError(AuthErrorCode.InvalidInput, 'options.all must be a boolean')
      await restoring
      const session = current()
      if (!session) return { serverError: null }
      if (signOutOptions.all && !backend.capabilities.signOutEverywhere) {
        throw new AuthError(AuthErrorCode.Unsupported, `${backend.id} cannot sign out every device`)
      }
      let serverError: AuthError | null = null
      try {
        await backend.signOut(session, signOutOptions, ctx())
      } catch (error) {
        serverError = toAuthError(error)
      }
      await clearSession(true)
      return { serverError }
    },

    /** Forces a refresh now (single-flight with any refresh already running). */
    async refresh(): Promise<Session | null> {
      await requireSession()
      return refreshSession()
    },

    /** Re-reads the user from the server and publishes it. */
    async reloadUser() {
      const session = await requireSession()
      const user = await backend.getUser(session, ctx())
      await commitSession({ ...(current() ?? session), user }, true)
      return user
    },

    getAccessToken,

    /**
     * `fetch` for the app's own API: the access token (or the cookie) attached; when the server refuses
     * the token, one refresh (however many requests failed together) and one retry. Rejects only with an AuthError: `network_error`, `timeout` or
     * `aborted` when the request does not complete (the original error in `cause`), `invalid_input`
     * for a request it cannot build, `invalid_response` when the configured fetch does not resolve to
     * a Response. Any HTTP status resolves.
     */
    async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      const token = await getAccessToken()
      const response = await sendAuthorized(input, init, token)
      const tokenRejected = backend.isTokenRejected ? backend.isTokenRejected(response) : response.status === 401
      if (!tokenRejected || !token || !backend.refresh) return response
      let fresh: Session | null
      try {
        fresh = await refreshAfterRejection(token)
      } catch {
        return response
      }
      if (!fresh?.accessToken || fresh.accessToken === token) return response
      return sendAuthorized(input, init, fresh.accessToken)
    },

    /** For backends' flow groups: the context auth requests run with. */
    context: ctx,
    /** The redirect allowlist in force (see `allowedRedirects`). */
    allowedRedirects,
    checkRedirect,
    requireSession,
  }
}

export type AuthClient = ReturnType<typeof createAuthClient>
