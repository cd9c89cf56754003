import { chunkAssignments, parseCookieHeader, readChunked, SESSION_COOKIE } from './cookies.js'
import type { TokenStorage } from './storage.js'

export interface CookieStorageOptions {
  /** The cookie's name (long sessions add `name.0`, `name.1`, …). Default `keyward-session`, what `keyward/server` reads. */
  name?: string | undefined
  /** Seconds the cookie lives. Default 30 days; the session inside it expires on the server's terms. */
  maxAge?: number | undefined
  /** Default `/`: every page's request carries it, so the server renders signed in. */
  path?: string | undefined
  /** Share the session with subdomains (`example.com`). Default: this host only. */
  domain?: string | undefined
  /** Default `Lax`: sent on navigations to the app, never on other sites' subrequests. */
  sameSite?: 'Lax' | 'Strict' | undefined
}

/**
 * Keeps the session in a cookie instead of `localStorage`, so that the server sees it on the next
 * request and renders the signed-in page from the first byte (`keyward/server`'s `getSession`, passed
 * as `initialSession`). `Secure` on https pages, `SameSite=Lax`, `Path=/`; a session too long for one
 * cookie is split across several. Every tab reads the same cookie: tabs share the session, and
 * refreshes are coordinated across them, as with `localStorage`.
 *
 * The cookie is readable by the page's scripts, as `localStorage` is: for tokens out of their reach,
 * use the token route (`createTokenRoute` in `keyward/server`, `viaTokenRoute` here).
 */
export function cookieStorage(options: CookieStorageOptions = {}): TokenStorage {
  const name = options.name ?? SESSION_COOKIE
  const jar = () => parseCookieHeader(typeof document === 'undefined' ? '' : document.cookie)
  const attributes = (maxAge: number) =>
    [
      `Path=${options.path ?? '/'}`,
      `Max-Age=${maxAge}`,
      `SameSite=${options.sameSite ?? 'Lax'}`,
      options.domain ? `Domain=${options.domain}` : '',
      typeof location !== 'undefined' && location.protocol === 'https:' ? 'Secure' : '',
    ]
      .filter(Boolean)
      .join('; ')
  const write = (value: string | null) => {
    if (typeof document === 'undefined') return
    const cookies = jar()
    for (const [cookie, part] of chunkAssignments(name, value, (n) => cookies.has(n))) {
      document.cookie = `${cookie}=${part ?? ''}; ${attributes(part === null ? 0 : (options.maxAge ?? 2_592_000))}`
    }
  }
  return {
    shared: true,
    get: () => {
      const cookies = jar()
      return readChunked((n) => cookies.get(n), name)
    },
    set: (value) => write(value),
    remove: () => write(null),
  }
}
