import { AuthErrorCode, isAuthError, toAuthError } from './errors.js'
import type { Refresher } from './refresher.js'
import type { SessionKeeper } from './session.js'
import type { Session } from './types.js'

/**
 * Restores the session on start: the stored one (refreshed first when due or without its user), else
 * the one the server render knew, else (a cookie session) the one the browser holds. Stays `loading`
 * until it is known: no flash of signed-in (or signed-out) UI.
 *
 * @param confirm asks the server once whether a session nothing refreshes still holds
 * @returns `'unreached'` when a cookie session could not be asked for (offline, a 5xx): `restoreHeld`
 *   asks again when the page wakes (the network back, the tab shown)
 */
export async function restoreSession(
  keeper: SessionKeeper,
  refresher: Refresher,
  initialSession: Session | null | undefined,
  confirm: (session: Session) => void,
): Promise<'unreached' | void> {
  const { backend, persistence, now } = keeper
  let stored = await persistence.read()
  // a token nothing can refresh, expired while the page was closed: nothing to restore
  if (stored && !(stored.refreshToken && backend.session.refresh) && (stored.accessTokenExpiresAt ?? Infinity) <= now()) stored = null
  if (!stored && initialSession) {
    stored = initialSession
    await persistence.write(stored)
  }
  if (!stored && backend.session.restore) return restoreHeld(keeper)

  if (!stored) {
    await keeper.clear(false)
    return
  }
  const refreshable = stored.refreshToken && backend.session.refresh
  try {
    if (refreshable && (refresher.expiresSoon(stored) || !stored.user)) {
      await refresher.refresh(stored)
    } else {
      const complete = await keeper.complete(stored)
      await keeper.save(complete, { persist: complete !== stored, announce: false })
      // a session nothing refreshes may have ended elsewhere (signed out on another device,
      // revoked): shown at once from storage, then confirmed with one request
      if (!refreshable && complete === stored) confirm(complete)
    }
  } catch (error) {
    if (keeper.rejected(error) || isAuthError(error, AuthErrorCode.Unauthorized)) await keeper.clear(false, toAuthError(error))
    // transient failures keep the stored session; the refresh timer retries
    else keeper.failLoading(stored, toAuthError(error))
  }
}

/**
 * A cookie session: the browser holds it, one request says whose it is. Signed out until it answers;
 * `'unreached'` when the server could not be asked (the cookie may well hold a session: asked again on
 * wake, rather than the user signing in twice). A session begun meanwhile (a sign-in, a link) wins.
 */
export async function restoreHeld(keeper: SessionKeeper): Promise<'unreached' | void> {
  const restore = keeper.backend.session.restore
  if (!restore) return
  const since = keeper.epoch()
  try {
    const held = await restore.call(keeper.backend.session, keeper.context())
    if (held) await keeper.adopt(held, since)
    else if (keeper.epoch() === since && !keeper.current()) await keeper.clear(false)
  } catch (error) {
    const failure = toAuthError(error)
    if (keeper.epoch() !== since || keeper.current()) return
    await keeper.clear(false, failure)
    // refused (a malformed session, a misconfigured server): final; not reached: asked again on wake
    if (failure.code === AuthErrorCode.NetworkError || failure.code === AuthErrorCode.Timeout || (failure.status ?? 0) >= 500) return 'unreached'
  }
}
