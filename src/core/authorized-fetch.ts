import type { AuthBackend } from './backend.js'
import type { AuthError } from './errors.js'
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
  /** An `invalid_input` (no `response`) or `invalid_response` error. */
  fail(kind: 'input' | 'response', cause?: unknown): AuthError
}

/**
 * `fetch` for the app's own API: the access token (or the cookie) attached; when the server refuses
 * the token, one refresh (however many requests failed together) and one retry. Rejects only with an
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
      throw host.fail('input', error)
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
      throw host.fail('response')
    }
    return response as Response
  }

  return async function authorizedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const token = await host.getAccessToken()
    const response = await send(input, init, token)
    const tokenRejected = backend.isTokenRejected ? backend.isTokenRejected(response) : response.status === 401
    if (!tokenRejected || !token || !backend.refresh) return response
    let fresh: Session | null
    try {
      fresh = await host.refreshAfterRejection(token)
    } catch {
      return response
    }
    if (!fresh?.accessToken || fresh.accessToken === token) return response
    return send(input, init, fresh.accessToken)
  }
}
