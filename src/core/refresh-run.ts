import type { AuthError } from './errors.js'
import { type LockManagerLike, withLock } from './lock.js'
import type { RefresherHost } from './refresher.js'
import type { Session } from './types.js'

// This chunk imports nothing the entry also loads (what it needs comes in `refresher`), so that a
// bundler does not split the shared code into a chunk of its own, loaded up front.

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
    failed(error: AuthError): void
    /** `checkReceived` with this backend and clock. */
    check(session: Session): Session
    toAuthError(error: unknown): AuthError
  },
): Promise<Session | null> {
  const refreshWith = host.backend.refresh
  if (!refreshWith || !known?.refreshToken) return known
  const lockName = `${host.name}:refresh`
  const { locks, fenced } = await lockManager(host)
  const { persistence } = host
  return withLock(locks, lockName, host.lockWait, async () => {
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
    try {
      const next = await host.withUser(refresher.check(await refreshWith(base, host.context())))
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
      // A network error or a failing server says nothing about the session: keep it, retry later.
      host.keep(host.current() ?? base, authError, since)
      refresher.failed(authError)
      throw authError
    }
  })
}
