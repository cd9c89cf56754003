import { AuthError, AuthErrorCode } from './errors.js'
import type { LockManagerLike } from './lock.js'
import { runExclusive, runRefresh, type RefreshRun } from './refresh-run.js'
import type { SessionKeeper } from './session.js'
import type { Session } from './types.js'

const MAX_TIMER = 2 ** 31 - 1
const MAX_BACKOFF = 60_000
/** Never refresh sooner than this after the session last changed, whatever the server says. */
export const MIN_REFRESH_INTERVAL = 5_000
/** The longest `Retry-After` honoured; a server asking for more is asked again after this. */
const MAX_RETRY_AFTER = 5 * 60_000

export interface RefresherOptions {
  /** Milliseconds before expiry at which to refresh. */
  margin: number
  /** Milliseconds to wait for the cross-tab lock before refreshing anyway. */
  lockWait: number
  /** The lock manager given in the options (`null`: none), or `undefined` for the runtime's. */
  locks: LockManagerLike | null | undefined
}

/**
 * Keeps the session fresh: one refresh at a time in this tab (single flight), one across tabs (the
 * lock plus the handoff, `refresh-run.ts`), a timer for the next one, backoff and `Retry-After` after
 * a failure. It follows the session object: a new token restarts the timer, a sign-out stops it.
 */
export function createRefresher(keeper: SessionKeeper, options: RefresherOptions) {
  const { backend, now } = keeper
  const { margin } = options
  let inflight: Promise<Session | null> | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let running = false
  let failures = 0
  /** When the current session arrived (sign-in, refresh, another tab): the refresh floor counts from it. */
  let since = now()
  /** Not before this: the server's `Retry-After` after a failed refresh, or a held-back token's last call. */
  let retryAt = 0
  /** Why the last refresh failed without a verdict. */
  let lastError: AuthError | null = null

  /**
   * When a session should be refreshed: `margin` before its expiry, or, for a token that lives no
   * longer than the margin, halfway through what it had left when it arrived.
   */
  function dueAt(session: Session, arrived: number): number {
    const expiresAt = session.accessTokenExpiresAt ?? Infinity
    return expiresAt - margin > arrived ? expiresAt - margin : arrived + (expiresAt - arrived) / 2
  }

  /** Whether `session` is due for a refresh (one that is not the current session counts from now). */
  function expiresSoon(session: Session): boolean {
    if (session.accessTokenExpiresAt === null) return false
    return dueAt(session, session === keeper.current() ? since : now()) <= now()
  }

  /** The wait after `failures` failed refreshes: 1 s, 2 s, 4 s … up to a minute. */
  const backoff = () => Math.min(MAX_BACKOFF, 1000 * 2 ** (failures - 1))

  function arm() {
    clearTimeout(timer)
    timer = undefined
    const session = keeper.current()
    if (!running || !session) return
    // a session nothing refreshes ends when its token does, in every tab
    const refreshable = session.refreshToken && backend.session.refresh
    let delay: number
    if (refreshable && failures > 0) {
      // back off after a failed refresh: 1 s, 2 s, 4 s … up to a minute, or as long as the server asked
      delay = Math.max(backoff(), retryAt - now())
    } else if (session.accessTokenExpiresAt === null) {
      return
    } else {
      delay = refreshable ? Math.max(dueAt(session, since) - now(), since + MIN_REFRESH_INTERVAL - now()) : session.accessTokenExpiresAt - now()
    }
    timer = setTimeout(
      () => {
        if (refreshable) refresh().catch(() => {})
        // a delay longer than setTimeout allows ends early: re-armed then
        else if (delay > MAX_TIMER) arm()
        else void keeper.clear(true, new AuthError(AuthErrorCode.Unauthorized, 'The session has expired'))
      },
      Math.min(Math.max(0, delay), MAX_TIMER),
    )
  }

  function forget() {
    failures = 0
    retryAt = 0
    lastError = null
  }

  keeper.observe((event) => {
    if (event.type === 'ending') {
      clearTimeout(timer)
      forget()
      return
    }
    // a new access token: the refresh floor counts from now; a session stored: earlier failures are forgotten
    if (event.tokenChanged) since = now()
    if (event.stored) forget()
    arm()
  })

  /** What one refresh (refresh-run.ts) reads and reports back. */
  const run: RefreshRun = {
    lockWait: options.lockWait,
    locks: options.locks,
    expiresSoon,
    lastError: () => lastError,
    /**
     * A refresh failed without a verdict on the session: back off, or wait as long as the server asked.
     * With a replay `window` (the token may have been rotated), no retry lands between its end and its
     * last call.
     */
    failed(error, window) {
      failures += 1
      lastError = error
      retryAt = error.retryAfter === undefined ? 0 : now() + Math.min(error.retryAfter, MAX_RETRY_AFTER)
      if (window && now() < window.lastCall) {
        const next = Math.max(now() + backoff(), retryAt)
        if (next > window.until) retryAt = window.lastCall
      }
      arm()
    },
  }

  /** Refreshes `known` (default: the current session); joins a refresh already running in this tab. */
  function refresh(known: Session | null = keeper.current()): Promise<Session | null> {
    inflight ??= runRefresh(keeper, run, known, keeper.epoch()).finally(() => {
      inflight = null
    })
    return inflight
  }

  return {
    refresh,
    /** Resolves once the refresh running in this tab (if any) has settled, whatever its outcome. */
    settled: (): Promise<unknown> => (inflight ?? Promise.resolve()).catch(() => {}),
    /** Runs `task` holding the cross-tab refresh lock: no tab refreshes meanwhile. */
    exclusive: <T,>(task: () => Promise<T>): Promise<T> => runExclusive(keeper, run, task),
    expiresSoon,
    /** A valid access token, refreshing first when it is about to expire; `null` when signed out. */
    async accessToken(): Promise<string | null> {
      await keeper.ready()
      const session = keeper.current()
      if (!session) return null
      if (expiresSoon(session) && session.refreshToken && backend.session.refresh) {
        try {
          return (await refresh())?.accessToken ?? null
        } catch (error) {
          if (keeper.rejected(error)) return null
          // offline: try with the token we have; the server decides
        }
      }
      return keeper.current()?.accessToken ?? null
    },
    /** Called when the tab or the network comes back: refreshes when due (or retries a failure), else re-arms. */
    wake() {
      const session = keeper.current()
      // a refresh that failed while offline is retried at once when the network or the tab is back,
      // unless the server asked for a pause; a due refresh waits for the floor after the last change
      const due = failures > 0 ? now() >= retryAt : session !== null && expiresSoon(session) && now() >= since + MIN_REFRESH_INTERVAL
      if (session && due) refresh().catch(() => {})
      else arm()
    },
    start() {
      running = true
      arm()
    },
    stop() {
      running = false
      clearTimeout(timer)
    },
  }
}

export type Refresher = ReturnType<typeof createRefresher>
