import type { TokenStorage } from 'keyward/core'

export const SESSION_COOKIE = 'keyward.session'

/**
 * Keeps keyward's session in a cookie instead of localStorage, so that the server sees it on the
 * next request and renders the signed-in page straight away (`initialSession` in layout.tsx). Every
 * tab reads the same cookie: tabs share the session as they do with localStorage.
 */
export function cookieStorage(): TokenStorage {
  const secure = typeof location !== 'undefined' && location.protocol === 'https:' ? '; Secure' : ''
  return {
    shared: true,
    get: () => {
      const entry = document.cookie.split('; ').find((part) => part.startsWith(`${SESSION_COOKIE}=`))
      return entry ? decodeURIComponent(entry.slice(SESSION_COOKIE.length + 1)) : null
    },
    set: (value) => {
      document.cookie = `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; Max-Age=2592000; SameSite=Lax${secure}`
    },
    remove: () => {
      document.cookie = `${SESSION_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax${secure}`
    },
  }
}
