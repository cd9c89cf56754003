import type { AuthBackend, BackendContext } from './backend.js'
import type { AuthError } from './errors.js'
import type { CommitHow } from './refresher.js'
import type { Session } from './types.js'

// Loaded with the first `client.fetch`. It imports nothing the entry also loads (errors come through
// the host), so that a bundler does not split shared code into a chunk of its own, loaded up front.

/** What the authenticated fetch needs from the client. */
export interface AuthorizedFetchHost {
  backend: AuthBackend
  fetch: typeof globalThis.fetch
  /** A valid access token (refreshed first when due), or `null` when signed out. */
  getAccessToken(): Promise<string | null>
  /** Refreshes after the server refused `refused`, unless another request already replaced it. */
  refreshAfterRejection(refused: string): Promise<Session | null>
  toAuthError(error: unknown): AuthError
  context(): BackendContext
  current(): Session | null
  commit(session: Session, how: CommitHow): Promise<void>
  /** Counts the sign-outs (see `RefresherHost.epoch`). */
  epoch(): number
  /** Ends the session (with `announce`, in every tab). */
  end(announce: boolean, error: AuthError | null): Promise<void>
  /** Whether the error is the backend's verdict that the session is dead. */
  rejected(error: unknown): boolean
  /** An AuthError of keyward's own (the request could not be built, or the fetch gave no Response). */
  fail(code: 'invalid_input' | 'invalid_response', message: string, cause?: unknown): AuthError
}

/**
 * `fetch` for the app's own API: the access token (or the cookie) attached; when the server refuses
 * the token, one refresh (however many requests failed together) and one retry; a session that
 * cannot be refreshed is confirmed with the server once, and ends in every tab if it has ended. Rejects only with an
 * AuthError: `network_error`, `timeout` or `aborted` when the request does not complete (the original
 * error in `cause`), `invalid_input` for a request it cannot build, `invalid_response` when the
 * configured fetch does not resolve to a Response. Any HTTP status resolves.
 */
export function createAuthorizedFetch(host: AuthorizedFetchHost) {
  const { backend } = host

  function authorize(input: RequestInfo | URL, init: RequestInit | undefined, token: string | null): [RequestInfo | URL, RequestInit] {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined))
    if (token && backend.transport === 'bearer') headers.set('authorization', `Bearer ${token}`)
    const credentials: RequestInit = backend.transport === 'cookie' ? { credentials: 'include' } : {}
    return [input instanceof Request ? input.clone() : input, { ...init, ...credentials, headers }]
  }

  async function send(input: RequestInfo | URL, init: RequestInit | undefined, token: string | null): Promise<Response> {
    let request: [RequestInfo | URL, RequestInit]
    try {
      request = authorize(input, init, token)
    } catch (error) {
      throw host.fail('invalid_input', 'client.fetch was given a request it cannot send', error)
    }
    let response: unknown
    try {
      response = await host.fetch(...request)
    } catch (error) {
      throw host.toAuthError(error)
    }
    // by shape, not instanceof: a Response may come from another realm (an iframe, a polyfill)
    const shaped = response as Partial<Response> | null
    if (!shaped || typeof shaped !== 'object' || typeof shaped.status !== 'number' || typeof shaped.headers?.get !== 'function') {
      throw host.fail('invalid_response', 'The configured fetch did not resolve to a Response')
    }
    return response as Response
  }

  let confirming: Promise<void> | null = null
  /**
   * For a session nothing can refresh: asks the server once whose token it is (however many callers
   * ask together). A verdict that the token is dead ends the session in every tab; a user updates the
   * session; anything else (offline, a 5xx) keeps it.
   */
  function confirm(session: Session): Promise<void> {
    const still = () => host.current()?.accessToken === session.accessToken
    if (!backend.getUser) return Promise.resolve()
    const since = host.epoch()
    return (confirming ??= backend
      .getUser(session, host.context())
      .then(
        (user) => (still() ? host.commit({ ...host.current()!, user }, { persist: true, announce: false, since }) : undefined),
        (error: unknown) =>
          still() && (host.rejected(error) || (error as AuthError | null)?.code === 'unauthorized') ? host.end(true, host.toAuthError(error)) : undefined,
      )
      .finally(() => {
        confirming = null
      }))
  }

  async function authorizedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const token = await host.getAccessToken()
    const response = await send(input, init, token)
    const tokenRejected = backend.isTokenRejected ? backend.isTokenRejected(response) : response.status === 401
    if (!tokenRejected) return response
    const session = host.current()
    // a cookie session (no token in JavaScript) cannot be refreshed either: the server says whether it holds
    if (!token) {
      if (session && backend.transport === 'cookie') await confirm(session)
      return response
    }
    if (session?.accessToken === token && !(session.refreshToken && backend.refresh)) {
      // nothing to refresh with: the server says once whether the session still holds
      await confirm(session)
      return response
    }
    let fresh: Session | null
    try {
      fresh = await host.refreshAfterRejection(token)
    } catch {
      return response
    }
    if (!fresh?.accessToken || fresh.accessToken === token) return response
    return send(input, init, fresh.accessToken)
  }

  return { fetch: authorizedFetch, confirm }
}
