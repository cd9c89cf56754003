import type { RedirectState } from './backend.js'

// What a `redirect` sign-in step asks the browser to carry across the full-page redirect (PKCE
// verifier, state, nonce), kept in this tab's sessionStorage under the client's name and keyed by the
// `state` value the server hands back: a tab finishes only the sign-in it started, once.

const key = (name: string) => `${name}.redirect`
const area = (): Storage | null => {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage
  } catch {
    return null // storage disabled: the redirect cannot be finished, and says so
  }
}
// where sessionStorage is absent (a test runner, a locked-down webview): this page only
const memory = new Map<string, Record<string, RedirectState>>()

function readAll(name: string): Record<string, RedirectState> {
  const storage = area()
  if (!storage) return memory.get(name) ?? {}
  try {
    const value = JSON.parse(storage.getItem(key(name)) ?? '{}') as unknown
    return value && typeof value === 'object' ? (value as Record<string, RedirectState>) : {}
  } catch {
    return {}
  }
}

function writeAll(name: string, all: Record<string, RedirectState>) {
  const storage = area()
  if (!storage) memory.set(name, all)
  else if (Object.keys(all).length === 0) storage.removeItem(key(name))
  else storage.setItem(key(name), JSON.stringify(all))
}

/** Keeps `state` until the redirect back; `state.state` (when present) is what the server returns. */
export function keepRedirectState(name: string, state: RedirectState): void {
  writeAll(name, { ...readAll(name), [state.state ?? '']: state })
}

/** The state kept for the sign-in the server's `state` names, removed as it is read (`null`: none). */
export function takeRedirectState(name: string, returned: string | null): RedirectState | null {
  const all = readAll(name)
  const id = returned ?? ''
  const state = Object.hasOwn(all, id) ? all[id]! : null
  if (state) {
    delete all[id]
    writeAll(name, all)
  }
  return state
}
