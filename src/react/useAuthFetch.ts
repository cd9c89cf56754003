import { useAuthClient } from './context.js'

/**
 * `fetch` for the app's own API with the session attached; a 401 triggers one refresh and one retry.
 *
 * @example
 * const authFetch = useAuthFetch()
 * const todos = await authFetch('/api/todos').then((r) => r.json())
 */
export function useAuthFetch(): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  return useAuthClient().fetch
}
