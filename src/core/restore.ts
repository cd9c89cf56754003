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
 */
export async function restoreSession(
  keeper: SessionKeeper,
  refresher: Refresher,
  initialSession: Session | null | undefined,
  confirm: (session: Session) => void,
): Promise<void> {
  const { backend, persistence, now } = keeper
  let stored = await persistence.read()
  // a token nothing can refresh, expired while the page was closed: nothing to restore
  if (stored && !(stored.refreshToken && backend.session.refresh) && (stored.accessTokenExpiresAt ?? Infinity) <= now()) stored = null
  if (!stored && initialSession) {
    stored = initialSession
    await persistence.write(stored)
  }
  if (!stored && backend.session.restore) {
    // a cookie session: the browser holds it, one request says whose it is
    try {
      const held = await backend.session.restore(keeper.context())
      if (held) await keeper.adopt(held)
      else await keeper.clear(false)
    } catch (error) {
      await keeper.clear(false, toAuthError(error))
    }
    return
  }
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
