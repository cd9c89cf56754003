import { inject } from 'vitest'
import type { BackendContext } from '../../src/index.ts'

// Helpers for tests against the real Auth.js server of the run (test/servers/global-setup.ts).

/** The server; in these tests the page is on its origin, as an app's pages are with Auth.js. */
export const authJsUrl = inject('authJsUrl')
export const PASSWORD = 'correct horse battery'
export const uniqueEmail = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`

/**
 * A browser's fetch for pages on the server's origin: cookies kept and sent back (as for
 * `credentials: 'include'`); `requests` lists what reached the server (`GET /api/auth/session`).
 */
export function browser() {
  const jar = new Map<string, string>()
  const requests: string[] = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input))
    requests.push(`${init?.method ?? 'GET'} ${url.pathname}`)
    const headers = new Headers(init?.headers)
    if (jar.size) headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '))
    const response = await globalThis.fetch(url, { ...init, headers })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const at = pair!.indexOf('=')
      const [name, value] = [pair!.slice(0, at), pair!.slice(at + 1)]
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) jar.delete(name)
      else jar.set(name, value)
    }
    return response
  }
  const ctx: BackendContext = { fetch, timeout: 15_000, now: () => Date.now() }
  return { fetch, ctx, jar, requests }
}

/** The app's sign-up route of the test server (Auth.js leaves sign-up to the app). */
export async function register(email: string, password = PASSWORD): Promise<void> {
  const response = await fetch(`${authJsUrl}/api/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password, name: 'Ada' }) })
  if (!response.ok) throw new Error(`register: ${response.status}`)
}

/** The newest magic link the server e-mailed to `email`. */
export async function magicLink(email: string): Promise<string> {
  const outbox = (await (await fetch(`${authJsUrl}/__outbox`)).json()) as Array<{ to: string; link: string }>
  const found = outbox.findLast((m) => m.to === email)
  if (!found) throw new Error(`no magic link for ${email}`)
  return found.link
}
