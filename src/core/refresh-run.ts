import { AuthError, AuthErrorCode, toAuthError } from './errors.js'
import type { Leases } from './lease.js'
import { type LockManagerLike, withLock } from './lock.js'
import type { SessionKeeper } from './session.js'
import type { Session } from './types.js'

// One refresh under the cross-tab lock, and the sign-out's turn at that lock (`runExclusive`). The
// refresher (refresher.ts) schedules it; the session object (session.ts) takes what it brings.

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

/** What a refresh reads from the refresher that runs it, and reports back. */
export interface RefreshRun {
  /** Milliseconds to wait for the cross-tab lock before refreshing anyway. */
  readonly lockWait: number
  /** The lock manager given in the options (`null`: none), or `undefined` for the runtime's. */
  readonly locks: LockManagerLike | null | undefined
  expiresSoon(session: Session): boolean
  /** Why the last refresh failed without a verdict. */
  lastError(): AuthError | null
  /** A refresh failed without a verdict: schedule the retry (outside a replay `window`'s dead zone). */
  failed(error: AuthError, window?: { until: number; lastCall: number }): void
}

/** The lock that serialises refreshes across tabs: the given one, Web Locks, else an IndexedDB lease (fenced). */
async function lockManager(keeper: SessionKeeper, run: RefreshRun): Promise<{ locks: LockManagerLike | null; fenced: Leases | null }> {
  if (!keeper.crossTab || run.locks === null) return { locks: null, fenced: null }
  if (run.locks) return { locks: run.locks, fenced: null }
  const web = typeof navigator === 'undefined' ? undefined : (navigator as { locks?: LockManagerLike }).locks
  if (web) return { locks: web, fenced: null }
  const leases = (await (await keeper.persistence.handoff())?.leases()) ?? null
  return { locks: leases?.locks ?? null, fenced: leases }
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
export async function runExclusive<T>(keeper: SessionKeeper, run: RefreshRun, task: () => Promise<T>): Promise<T> {
  const { locks } = await lockManager(keeper, run)
  return withLock(locks, `${keeper.name}:refresh`, run.lockWait, task)
}

/**
 * One refresh of `known`. Across tabs it holds the lock and starts from
 * the latest session any tab stored; a verdict on the refresh token ends the session everywhere,
 * anything else keeps it (`failed` schedules the retry).
 */
export async function runRefresh(
  keeper: SessionKeeper,
  run: RefreshRun,
  known: Session | null,
  /** The sign-out count when the refresh was asked for: a sign-out since then stands. */
  since: number,
): Promise<Session | null> {
  const refresh = keeper.backend.session.refresh
  if (!refresh || !known?.refreshToken) return known
  const lockName = `${keeper.name}:refresh`
  const { locks, fenced } = await lockManager(keeper, run)
  const { persistence } = keeper
  const reuseInterval = keeper.backend.traits.refreshTokenReuseInterval ?? 0
  return withLock(locks, lockName, run.lockWait, async () => {
    // signed out since the refresh was asked for, or signing out now: the token is not presented
    // (a successor would outlive the sign-out)
    if (since !== keeper.epoch() || keeper.signingOut()) return null
    // Holding the lock, start from the latest session any tab stored: whoever refreshed before us
    // rotated the token, and presenting the old one again would revoke the whole family. (Storage
    // each tab has for itself has no handoff: `latest()` is then a plain read.)
    const stored = await persistence.latest()
    if (!stored && keeper.current() !== null && keeper.current() === known) {
      // another tab signed out while we waited
      await keeper.clear(false)
      return null
    }
    const base = stored ?? known
    if (base.refreshToken !== known.refreshToken && !run.expiresSoon(base)) {
      await keeper.save(base, { persist: !persistence.shared, announce: false, since })
      return base
    }
    // Sent before without a usable answer? The server may have rotated it, and answers it again only
    // inside its reuse interval: past that, hold it back until the access token is about to expire.
    const refreshToken = base.refreshToken!
    const firstSent = Number.isFinite(reuseInterval) ? await persistence.unanswered(refreshToken) : undefined
    const window = firstSent === undefined ? undefined : replayWindow(reuseInterval, firstSent, base)
    if (window && keeper.now() >= window.until && keeper.now() < window.lastCall) {
      const error = run.lastError() ?? heldBack()
      keeper.keep(keeper.current() ?? base, error, since)
      run.failed(error, window)
      throw error
    }
    const sentAt = keeper.now()
    try {
      const next = await keeper.complete(keeper.received(await refresh.call(keeper.backend.session, base, keeper.context())))
      if (since !== keeper.epoch()) {
        // signed out while the refresh was in flight: the sign-out could not know this successor, so
        // it is ended here (a server that revokes only the token presented would keep it alive)
        await keeper.backend.session.signOut(next, keeper.context()).catch(() => {})
        return null
      }
      if (fenced && !(await fenced.holds(lockName))) {
        // Our lease ran out (the tab was frozen) and another tab took over: its session is the one
        // the others follow, so take what storage holds instead of overwriting it.
        const latest = await persistence.latest()
        if (latest?.refreshToken && latest.refreshToken !== base.refreshToken) {
          await keeper.save(latest, { persist: false, announce: false, since })
          return latest
        }
      }
      await keeper.save(next, { persist: true, announce: true, since })
      return next
    } catch (error) {
      const authError = toAuthError(error)
      if (keeper.rejected(authError)) {
        // A tab that could not take the lock may have won the race and rotated the token: adopt its session.
        const latest = keeper.crossTab ? await persistence.latest() : null
        if (latest?.refreshToken && latest.refreshToken !== base.refreshToken) {
          await keeper.save(latest, { persist: !persistence.shared, announce: false, since })
          return latest
        }
        await keeper.clear(true, authError)
        throw authError
      }
      // A network error or a failing server says nothing about the session: keep it, retry later —
      // inside the server's reuse interval where the token may have been rotated meanwhile.
      let retry = window
      if (Number.isFinite(reuseInterval) && mayHaveArrived(authError)) {
        await persistence.markUnanswered(refreshToken, sentAt)
        retry ??= replayWindow(reuseInterval, sentAt, base)
      }
      keeper.keep(keeper.current() ?? base, authError, since)
      run.failed(authError, retry)
      throw authError
    }
  })
}

/** Why a held-back token was not sent, when no earlier failure says it. */
const heldBack = () =>
  new AuthError(AuthErrorCode.NetworkError, 'An earlier refresh got no usable reply: the session is renewed once more before it expires')
