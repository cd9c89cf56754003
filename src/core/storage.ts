/**
 * Where the session is kept between page loads. Values are opaque strings written by keyward;
 * any `{ get, set, remove }` works (React Native secure storage, an encrypted cookie, …).
 */
export interface TokenStorage {
  get(): string | null | Promise<string | null>
  set(value: string): void | Promise<void>
  remove(): void | Promise<void>
  /** Reports writes made by another tab, for browsers without BroadcastChannel. */
  subscribe?(onExternalChange: () => void): () => void
  /**
   * Whether every tab of the origin reads this same storage (`localStorage`, a cookie): then tabs
   * share one session, and refreshes are coordinated across them (a lock and a handoff). `false` for
   * storage each tab has for itself (memory, `sessionStorage`), which costs nothing of the kind.
   * Default: shared.
   */
  readonly shared?: boolean
}

/** Keeps the session in this JavaScript context only: nothing survives a reload. The default. */
export function memoryStorage(): TokenStorage {
  let value: string | null = null
  return {
    shared: false,
    get: () => value,
    set: (next) => {
      value = next
    },
    remove: () => {
      value = null
    },
  }
}

function webStorage(area: () => Storage | undefined, key: string, listen: boolean): TokenStorage {
  return {
    shared: listen,
    get: () => area()?.getItem(key) ?? null,
    set: (value) => area()?.setItem(key, value),
    remove: () => area()?.removeItem(key),
    subscribe: listen
      ? (onExternalChange) => {
          if (typeof window === 'undefined') return () => {}
          // The storage event fires only in the *other* tabs of the origin.
          const onStorage = (event: StorageEvent) => {
            if (event.key === key || event.key === null) onExternalChange()
          }
          window.addEventListener('storage', onStorage)
          return () => window.removeEventListener('storage', onStorage)
        }
      : undefined,
  } as TokenStorage
}

/** Persists the session in `localStorage`, shared by every tab of the origin. */
export function localStorageStorage(key = 'keyward.session'): TokenStorage {
  return webStorage(() => (typeof localStorage === 'undefined' ? undefined : localStorage), key, true)
}

/** Persists the session in `sessionStorage`: one tab, survives reloads, gone when the tab closes. */
export function sessionStorageStorage(key = 'keyward.session'): TokenStorage {
  return webStorage(() => (typeof sessionStorage === 'undefined' ? undefined : sessionStorage), key, false)
}
