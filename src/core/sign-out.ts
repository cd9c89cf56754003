import { AuthError, AuthErrorCode, toAuthError } from './errors.js'
import * as check from './input.js'
import type { SignOutOptions } from './backend.js'
import type { Refresher } from './refresher.js'
import type { SessionKeeper } from './session.js'
import type { Session } from './types.js'

/**
 * Ends the session on this device, or everywhere with `{ all: true }`. Sign-out wins over any
 * refresh: none starts here from now on; the one in flight here is let finish, and across tabs the
 * sign-out holds the refresh lock, starting from the latest session any tab stored — so the token it
 * revokes is the newest, never one a refresh just replaced. The local session is cleared even when
 * the server cannot be reached; a server that cannot be told is reported in the result.
 */
export async function signOut(keeper: SessionKeeper, refresher: Refresher, options: SignOutOptions = {}): Promise<{ serverError: AuthError | null }> {
  const { backend } = keeper
  const all = check.fields(options, 'options').all
  if (all !== undefined && typeof all !== 'boolean') throw new AuthError(AuthErrorCode.InvalidInput, 'options.all must be a boolean')
  await keeper.ready()
  if (!keeper.current()) return { serverError: null }
  const everywhere = all ? backend.session.signOutEverywhere : undefined
  if (all && !everywhere) throw new AuthError(AuthErrorCode.Unsupported, `${backend.id} has no signing out every device`)
  let serverError: AuthError | null = null
  const ended = await keeper.signingOutWhile(async () => {
    await refresher.settled()
    return refresher.exclusive(async () => {
      const stored = keeper.crossTab ? await keeper.persistence.latest().catch(() => null) : null
      const session: Session | null = stored ?? keeper.current()
      if (!session) return undefined
      let result: void | { redirectUrl: string } = undefined
      try {
        result = await (everywhere ?? backend.session.signOut).call(backend.session, session, keeper.context())
      } catch (error) {
        serverError = toAuthError(error)
      }
      await keeper.clear(true)
      return result
    })
  })
  if (keeper.current()) await keeper.clear(true)
  // the provider's own sign-out page (OpenID Connect's end_session_endpoint), once signed out here
  if (ended?.redirectUrl && typeof location !== 'undefined') location.assign(ended.redirectUrl)
  return { serverError }
}
