import type { AuthBackend, BackendContext } from './backend.js'
import { AuthError, AuthErrorCode, toAuthError } from './errors.js'
import type { LockManagerLike } from './lock.js'
import { isToken, type SessionPersistence } from './persistence.js'
import type { Session } from './types.js'

const MAX_TIMER = 2 ** 31 - 1
const MAX_BACKOFF = 60_000
/** Never refresh sooner than this after the session last changed, whatever the server says. */
export const MIN_REFRESH_INTERVAL = 5_000
/** The longest `Retry-After` honoured; a server asking for more is asked again after this. */
const MAX_RETRY_AFTER = 5 * 60_000
/** An access token said to live longer than this is a broken reply, not a session. */
const MAX_TOKEN_LIFETIME = 366 * 24 * 3600_000
/** A refresh token held back after unanswered sends is tried once more this long before the access token expires. */
export const LAST_CALL = 5_000

/**
 * When a refresh token sent without a usable answer (first at `firstSent`) may be sent again: until
 * `until`, inside the server's reuse interval (less a margin: the server's clock started earlier, when
 * the request arrived), and from `lastCall`, just before the access token expires. In between the
 * session is kept as it is: sending the token then would present a rotated token past the interval,
 * which a strict server answers by revoking the whole token family.
 */
export function replayWindow(reuseInterval: number, firstSent: number, session: Session): { until: number; lastCall: number } {
  const interval = reuseInterval * 1000
  return {
    until: firstSent + interval - Math.min(2_000, interval / 5),
    lastCall: (session.accessTokenExpiresAt ?? Infinity) - LAST_CALL,
  }
}

/**
 * A session from the backend is taken only with a usable token and a finite, sane expiry: anything
 * else is a broken reply (`invalid_response`), never a signed-in state.
 */
export function checkReceived(session: Session, transport: AuthBackend['transport'], now: number): Session {
  const expiresAt = session.accessTokenExpiresAt
  const problem =
    (session.accessToken === null ? transport !== 'cookie' : !isToken(session.accessToken)) ||
    (session.refreshToken !== null && !isToken(session.refreshToken)) ||
    (expiresAt !== null && !(Number.isFinite(expiresAt) && expiresAt > now && expiresAt - now <= MAX_TOKEN_LIFETIME))
  if (problem) throw new AuthError(AuthErrorCode.InvalidResponse, 'The server sent a session without a usable token or expiry')
  return session
}

/**
 * How a session is published: `persist` stores it (and hands it to the other tabs), `announce`
 * broadcasts it; `since`, the sign-out count when the work that brought it began: a sign-out since
 * then stands, and the session is dropped.
 */
export interface CommitHow {
  persist: boolean
  announce: boolean
  since?: number
}

/** What the refresher needs from the client around it. */
export interface RefresherHost {
  backend: AuthBackend
  now: () => number
  /** Milliseconds before expiry at which to refresh. */
  margin: number
  /** Names the cross-tab lock. */
  name: string
  /** Milliseconds to wait for the cross-tab lock before refreshing anyway. */
  lockWait: number
  /** The lock manager given in the options (`null`: none), or `undefined` for the runtime's. */
  locks: LockManagerLike | null | undefined
  /** Whether other tabs hold the same session: only then are refreshes coordinated across tabs. */
  crossTab: boolean
  persistence: SessionPersistence
  context(): BackendContext
  current(): Session | null
  /** Completes a session that came without its user. */
  withUser(session: Session): Promise<Session>
  /** Publishes a session (see `CommitHow`). */
  commit(session: Session, how: CommitHow): Promise<void>
  /** Counts the sign-outs: a commit or keep `since` an earlier count does nothing (the sign-out stands). */
  epoch(): number
  /** Whether a sign-out is under way here: no refresh starts meanwhile (its token would outlive the sign-out). */
  signingOut(): boolean
  /** Ends the session here (and, with `announce`, in every tab). */
  end(announce: boolean, error?: AuthError | null): Promise<void>
  /** A refresh failed without a verdict on the session: keep it, show the error. */
  keep(session: Session, error: AuthError, since: number): void
  /** Whether the error is the backend's "this refresh token is dead" verdict. */
  rejected(error: unknown): boolean
}

/**
 * Keeps the session fresh: one refresh at a time in this tab (single flight), one across tabs (the
 * lock plus the handoff), a timer for the next one, backoff and `Retry-After` after a failure.
 */
export function createRefresher(host: RefresherHost) {
  const { backend, now, margin } = host
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
   * longer than the margin, halfway through what it had left when it arrived (`arrived`).
   */
  function dueAt(session: Session, arrived: number): number {
    const expiresAt = session.accessTokenExpiresAt ?? Infinity
    return expiresAt - margin > arrived ? expiresAt - margin : arrived + (expiresAt - arrived) / 2
  }

  /** Whether `session` is due for a refresh (one that is not the current session counts from now). */
  function expiresSoon(session: Session): boolean {
    if (session.accessTokenExpiresAt === null) return false
    return dueAt(session, session === host.current() ? since : now()) <= now()
  }

  /** The wait after `failures` failed refreshes: 1 s, 2 s, 4 s … up to a minute. */
  const backoff = () => Math.min(MAX_BACKOFF, 1000 * 2 ** (failures - 1))

  function arm() {
    clearTimeout(timer)
    timer = undefined
    const session = host.current()
    if (!running || !session) return
    // a session nothing refreshes ends when its token does, in every tab
    const refreshable = session.refreshToken && backend.refresh
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
        else void host.end(true, new AuthError(AuthErrorCode.Unauthorized, 'The session has expired'))
      },
      Math.min(Math.max(0, delay), MAX_TIMER),
    )
  }

  const check = (session: Session) => checkReceived(session, backend.transport, now())

  /**
   * A refresh failed without a verdict on the session: back off, or wait as long as the server asked.
   * With a replay `window` (the token may have been rotated), no retry lands between its end and its
   * last call.
   */
  function failed(error: AuthError, window?: { until: number; lastCall: number }) {
    failures += 1
    lastError = error
    retryAt = error.retryAfter === undefined ? 0 : now() + Math.min(error.retryAfter, MAX_RETRY_AFTER)
    if (window && now() < window.lastCall) {
      const next = Math.max(now() + backoff(), retryAt)
      if (next > window.until) retryAt = window.lastCall
    }
    arm()
  }

  /** Refreshes `known` (default: the current session); joins a refresh already running in this tab. */
  function refresh(known: Session | null = host.current()): Promise<Session | null> {
    // the refresh itself (lock, handoff, verdicts) loads with the first refresh, or at start()
    const since = host.epoch()
    inflight ??= import('./refresh-run.js')
      .then(({ runRefresh }) =>
         runRefresh(host, known, since, {
          expiresSoon,
          failed,
          check,
          toAuthError,
          lastError: () => lastError,
          replayWindow,
          heldBack: () =>
            new AuthError(AuthErrorCode.NetworkError, 'An earlier refresh got no usable reply: the session is renewed once more before it expires'),
        }),
      )
      .finally(() => {
        inflight = null
      })
    return inflight
  }

  return {
    refresh,
    /** Resolves once the refresh running in this tab (if any) has settled, whatever its outcome. */
    settled: (): Promise<unknown> => (inflight ?? Promise.resolve()).catch(() => {}),
    /** Runs `task` holding the cross-tab refresh lock: no tab refreshes meanwhile. */
    exclusive: <T,>(task: () => Promise<T>): Promise<T> => import('./refresh-run.js').then(({ runExclusive }) => runExclusive(host, task)),
    expiresSoon,
    arm,
    /** A new access token arrived: the refresh floor counts from now. */
    arrived() {
      since = now()
    },
    /** A session was taken and stored: earlier failures are forgotten. */
    recovered() {
      failures = 0
      retryAt = 0
      lastError = null
    },
    /** Forgets failures (after a sign-out) and stops the timer. */
    reset() {
      clearTimeout(timer)
      failures = 0
      retryAt = 0
      lastError = null
    },
    /** Called when the tab or the network comes back: refreshes when due (or retries a failure), else re-arms. */
    wake() {
      const session = host.current()
      // a refresh that failed while offline is retried at once when the network or the tab is back,
      // unless the server asked for a pause; a due refresh waits for the floor after the last change
      const due = failures > 0 ? now() >= retryAt : session !== null && expiresSoon(session) && now() >= since + MIN_REFRESH_INTERVAL
      if (session && due) refresh().catch(() => {})
      else arm()
    },
    start() {
      running = true
      void import('./refresh-run.js').catch(() => {})
      arm()
    },
    stop() {
      running = false
      clearTimeout(timer)
    },
  }
}

export type Refresher = ReturnType<typeof createRefresher>
