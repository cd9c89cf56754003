import { useRef, useSyncExternalStore } from 'react'
import type { AuthSnapshot } from '../core/types.js'
import { useAuthClient } from './context.js'

const identity = (snapshot: AuthSnapshot) => snapshot

/**
 * The session state. With a selector, the component re-renders only when the selected value changes
 * (`Object.is`): a token refresh does not re-render a component that selects the user. Selectors
 * must return existing values (or primitives), not new objects.
 *
 * @example
 * const status = useSession((s) => s.status)
 * const email = useSession((s) => s.user?.email)
 */
export function useSession(): AuthSnapshot
export function useSession<T>(selector: (snapshot: AuthSnapshot) => T): T
export function useSession<T>(selector: (snapshot: AuthSnapshot) => T = identity as never): T {
  const client = useAuthClient()
  const cache = useRef<{ snapshot: AuthSnapshot; selector: unknown; value: T } | null>(null)
  const select = (snapshot: AuthSnapshot): T => {
    const hit = cache.current
    if (hit && hit.snapshot === snapshot && hit.selector === selector) return hit.value
    const value = selector(snapshot)
    cache.current = { snapshot, selector, value }
    return value
  }
  return useSyncExternalStore(
    client.subscribe,
    () => select(client.getSnapshot()),
    () => select(client.getServerSnapshot()),
  )
}
