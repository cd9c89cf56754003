import type { AuthError } from './errors.js'
import { type LockManagerLike, withLock } from './lock.js'
import type { RefresherHost } from './refresher.js'
import type { Session } from './types.js'

// This chunk imports nothing the entry also loads (what it needs comes in `refresher`), so that a
// bundler does not split the shared code into a chunk of its own, loaded up front. It also holds the
// sign-out's turn at the lock (`runExclusive`).

/** The lock that serialises refreshes across tabs: the given one, Web Locks, else an IndexedDB lease (fenced). */
async function lockManager(host: RefresherHost): Promise<{ locks: LockManagerLike | null; fenced: boolean }> {
  if (!host.crossTab || host.locks === null) return { locks: null, fenced: false }
  if (host.locks) return { locks: host.locks, fenced: false }
  const web = typeof navigator === 'undefined' ? undefined : (navigator as { locks?: LockManagerLike }).locks
  if (web) return { locks: web, fenced: false }
  const handoff = await host.persistence.handoff()
  return { locks: handoff?.locks ?? null, fenced: handoff !== null }
}

/**
 * Whether a failed refresh may have reached the server (which may then have rotated the token): all
 * but a rate limit or a `Retry-After` (refused before any work) and a browser that knows it is offline.
 */
function mayHaveArrived(error: AuthError): boolean {
  if (error.code === 'rate-limited' || error.retryAfter !== undefined) return false
  if (error.code === 'network_error' && typeof navigator !== 'undefined' && navigator.onLine === false) return false
  return true
}

/** Runs `task` holding the cross-tab refresh lock (a sign-out: no tab refreshes meanwhile). */
export async function runExclusive<T>(host: RefresherHost, task: () => Promise<T>): Promise<T> {
  const { locks } = await lockManager(host)
  return withLock(locks, `${host.name}:refresh`, host.lockWait, task)
}

/**
 * One refresh of `known`, loaded with the first refresh. Across tabs it holds the lock and starts from
 * the latest session any tab stored; a verdict on the refresh token ends the session everywhere,
 * anything else keeps it (`failed` schedules the retry).
 */
export async function runRefresh(
  host: RefresherHost,
  known: Session | null,
  /** The sign-out count when the refresh was asked for: a sign-out since then stands. */
  since: number,
  refresher: {
    expiresSoon(session: Session): boolean
    failed(error: AuthError, window?: { until: number; lastCall: number }): void
    /** `checkReceived` with this backend and clock. */
    check(session: Session): Session
    toAuthError(error: unknown): AuthError
    lastError(): AuthError | null
    /** `replayWindow` (refresher.ts). */
    replayWindow(reuseInterval: number, firstSent: number, session: Session): { until: number; lastCall: number }
    /** Why a held-back token was not sent, when no earlier failure says it. */
    heldBack(): AuthError
  },
): Promise<Session | null> {
  const refreshWith = host.backend.refresh
  if (!refreshWith || !known?.refreshToken) return known
  const lockName = `${host.name}:refresh`
  const { locks, fenced } = await lockManager(host)
  const { persistence } = host
  const reuseInterval = host.backend.refreshTokenReuseInterval ?? 0
  return withLock(locks, lockName, host.lockWait, async () => {
    // signed out since the refresh was asked for, or signing out now: the token is not presented
    // (a successor would outlive the sign-out)
    if (since !== host.epoch() || host.signingOut()) return null
    // Holding the lock, start from the latest session any tab stored: whoever refreshed before us
    // rotated the token, and presenting the old one again would revoke the whole family. (Storage
    // each tab has for itself has no handoff: `latest()` is then a plain read.)
    const stored = await persistence.latest()
    if (!stored && host.current() !== null && host.current() === known) {
      // another tab signed out while we waited
      await host.end(false)
      return null
    }
    const base = stored ?? known
    if (base.refreshToken !== known.refreshToken && !refresher.expiresSoon(base)) {
      await host.commit(base, { persist: !persistence.shared, announce: false, since })
      return base
    }
    // Sent before without a usable answer? The server may have rotated it, and answers it again only
    // inside its reuse interval: past that, hold it back until the access token is about to expire.
    const refreshToken = base.refreshToken!
    const firstSent = Number.isFinite(reuseInterval) ? await persistence.unanswered(refreshToken) : undefined
    const window = firstSent === undefined ? undefined : refresher.replayWindow(reuseInterval, firstSent, base)
    if (window && host.now() >= window.until && host.now() < window.lastCall) {
      const error = refresher.lastError() ?? refresher.heldBack()
      host.keep(host.current() ?? base, error, since)
      refresher.failed(error, window)
      throw error
    }
    const sentAt = host.now()
    try {
      const next = await host.withUser(refresher.check(await refreshWith(base, host.context())))
      if (since !== host.epoch()) {
        // signed out while the refresh was in flight: the sign-out could not know this successor, so
        // it is ended here (a server that revokes only the token presented would keep it alive)
        await host.backend.signOut(next, host.context()).catch(() => {})
        return null
      }
      if (fenced && !(await (await persistence.handoff())?.holds(lockName))) {
        // Our lease ran out (the tab was frozen) and another tab took over: its session is the one
        // the others follow, so take what storage holds instead of overwriting it.
        const latest = await persistence.latest()
        if (latest?.refreshToken && latest.refreshToken !== base.refreshToken) {
          await host.commit(latest, { persist: false, announce: false, since })
          return latest
        }
      }
      await host.commit(next, { persist: true, announce: true, since })
      return next
    } catch (error) {
      const authError = refresher.toAuthError(error)
      if (host.rejected(authError)) {
        // A tab that could not take the lock may have won the race and rotated the token: adopt its session.
        const latest = host.crossTab ? await persistence.latest() : null
        if (latest?.refreshToken && latest.refreshToken !== base.refreshToken) {
          await host.commit(latest, { persist: !persistence.shared, announce: false, since })
          return latest
        }
        await host.end(true, authError)
        throw authError
      }
      // A network error or a failing server says nothing about the session: keep it, retry later —
      // inside the server's reuse interval where the token may have been rotated meanwhile.
      let retry = window
      if (Number.isFinite(reuseInterval) && mayHaveArrived(authError)) {
        await persistence.markUnanswered(refreshToken, sentAt)
        retry ??= refresher.replayWindow(reuseInterval, sentAt, base)
      }
      host.keep(host.current() ?? base, authError, since)
      refresher.failed(authError, retry)
      throw authError
    }
  })
}
