import { AuthError, AuthErrorCode, toAuthError } from './errors.js'
import type { Refresher } from './refresher.js'
import type { SessionKeeper } from './session.js'
import type { Session } from './types.js'

// Loaded with the first `client.fetch` (and by a restore that must confirm a session nothing refreshes).

/**
 * `fetch` for the app's own API: the access token (or the cookie) attached; when the server refuses
 * the token, one refresh (however many requests failed together) and one retry; a session that
 * cannot be refreshed is confirmed with the server once, and ends in every tab if it has ended. Rejects only with an
 * AuthError: `network_error`, `timeout` or `aborted` when the request does not complete (the original
 * error in `cause`), `invalid_input` for a request it cannot build, `invalid_response` when the
 * configured fetch does not resolve to a Response. Any HTTP status resolves.
 */
export function createAuthorizedFetch(keeper: SessionKeeper, refresher: Refresher, baseFetch: typeof globalThis.fetch) {
  const { backend } = keeper

  function authorize(input: RequestInfo | URL, init: RequestInit | undefined, token: string | null): [RequestInfo | URL, RequestInit] {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined))
    if (token && backend.traits.transport === 'bearer') headers.set('authorization', `Bearer ${token}`)
    const credentials: RequestInit = backend.traits.transport === 'cookie' ? { credentials: 'include' } : {}
    return [input instanceof Request ? input.clone() : input, { ...init, ...credentials, headers }]
  }

  async function send(input: RequestInfo | URL, init: RequestInit | undefined, token: string | null): Promise<Response> {
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

  /** Refreshes after the server refused `refused`, unless another request already replaced it. */
  function refreshAfterRejection(refused: string): Promise<Session | null> {
    const session = keeper.current()
    if (session && session.accessToken !== refused) return Promise.resolve(session)
    return refresher.refresh()
  }

  let confirming: Promise<void> | null = null
  /**
   * For a session nothing can refresh: asks the server once whose token it is (however many callers
   * ask together). A verdict that the token is dead ends the session in every tab; a user updates the
   * session; anything else (offline, a 5xx) keeps it.
   */
  function confirm(session: Session): Promise<void> {
    const still = () => keeper.current()?.accessToken === session.accessToken
    const getUser = backend.session.getUser
    if (!getUser) return Promise.resolve()
    const since = keeper.epoch()
    return (confirming ??= getUser
      .call(backend.session, session, keeper.context())
      .then(
        (user) => (still() ? keeper.save({ ...keeper.current()!, user }, { persist: true, announce: false, since }) : undefined),
        (error: unknown) =>
          still() && (keeper.rejected(error) || (error as AuthError | null)?.code === 'unauthorized') ? keeper.clear(true, toAuthError(error)) : undefined,
      )
      .finally(() => {
        confirming = null
      }))
  }

  async function authorizedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const token = await refresher.accessToken()
    const response = await send(input, init, token)
    const tokenRejected = backend.traits.isTokenRejected ? backend.traits.isTokenRejected(response) : response.status === 401
    if (!tokenRejected) return response
    const session = keeper.current()
    // a cookie session (no token in JavaScript) cannot be refreshed either: the server says whether it holds
    if (!token) {
      if (session && backend.traits.transport === 'cookie') await confirm(session)
      return response
    }
    if (session?.accessToken === token && !(session.refreshToken && backend.session.refresh)) {
      // nothing to refresh with: the server says once whether the session still holds
      await confirm(session)
      return response
    }
    let fresh: Session | null
    try {
      fresh = await refreshAfterRejection(token)
    } catch {
      return response
    }
    if (!fresh?.accessToken || fresh.accessToken === token) return response
    return send(input, init, fresh.accessToken)
  }

  return { fetch: authorizedFetch, confirm }
}
