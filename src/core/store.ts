import type { AuthError } from './errors.js'
import type { AuthSnapshot, AuthStatus, Session, User } from './types.js'

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  if (keysA.length !== keysB.length) return false
  return keysA.every((key) =>
    sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  )
}

/**
 * Holds the current AuthSnapshot. A new snapshot object is published only when its content changed,
 * and the previous `user` object is reused when the user did not change, so a token refresh does not
 * re-render components that select the user.
 */
export function createSessionStore(initial: AuthSnapshot) {
  let snapshot = initial
  const listeners = new Set<() => void>()

  return {
    getSnapshot: (): AuthSnapshot => snapshot,
    subscribe(listener: () => void): () => void {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    set(status: AuthStatus, session: Session | null, error: AuthError | null): void {
      const previous = snapshot
      const user: User | null = session?.user
        ? sameJson(session.user, previous.user)
          ? previous.user
          : Object.freeze({ ...session.user })
        : null
      const nextSession = session
        ? sameJson({ ...session, user: null }, previous.session ? { ...previous.session, user: null } : null) &&
          user === previous.user
          ? previous.session
          : Object.freeze({ ...session, user })
        : null
      if (status === previous.status && nextSession === previous.session && user === previous.user && error === previous.error) {
        return
      }
      snapshot = Object.freeze({ status, session: nextSession, user, error })
      for (const listener of [...listeners]) listener()
    },
  }
}

export type SessionStore = ReturnType<typeof createSessionStore>

export const loadingSnapshot: AuthSnapshot = Object.freeze({ status: 'loading', session: null, user: null, error: null })
