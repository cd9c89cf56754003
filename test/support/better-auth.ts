import { type TOTP, URI } from 'otpauth'
import { inject } from 'vitest'
import type { BackendContext } from '../../src/index.ts'

// Helpers for tests against the real better-auth server of the run (test/servers/global-setup.ts),
// which runs as deployed: it checks the Origin of requests as it would in production.

const server = inject('betterAuthUrl')
export const PASSWORD = 'correct horse battery'
/** The page the tests play: a single-page app on another origin than the auth server. */
export const PAGE = 'http://localhost:3000'

/** `fetch` as the page's browser sends it: with the page's Origin (the server trusts localhost pages). */
export const pageFetch: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers)
  headers.set('origin', PAGE)
  return fetch(input, { ...init, headers })
}

/** The context backend operations run with from the page. */
export const pageContext: BackendContext = { fetch: pageFetch, timeout: 15_000, now: () => Date.now() }
const ctx = pageContext

/** A fetch that keeps the server's cookies, as the browser does for `credentials: 'include'`. */
export function cookieJar(): BackendContext {
  const jar = new Map<string, string>()
  return {
    ...ctx,
    fetch: async (input, init) => {
      const headers = new Headers(init?.headers)
      if (jar.size) headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '))
      const response = await pageFetch(input, { ...init, headers })
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';')
        const at = pair!.indexOf('=')
        const [name, value] = [pair!.slice(0, at), pair!.slice(at + 1)]
        if (/max-age=0/i.test(cookie) || value === '') jar.delete(name)
        else jar.set(name, value)
      }
      return response
    },
  }
}

/** Turns two-factor on for a signed-up user the way better-auth does (with the password), returning the TOTP and backup codes. */
export async function withTwoFactor(name: string) {
  const email = `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`
  const signUp = await pageFetch(`${server}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, name }),
  })
  const session = { accessToken: signUp.headers.get('set-auth-token') }
  const post = async (path: string, body: unknown) => {
    const response = await pageFetch(`${server}/api/auth${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessToken}` },
      body: JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return response.json() as Promise<Record<string, unknown>>
  }
  const { totpURI, backupCodes } = (await post('/two-factor/enable', { password: PASSWORD })) as { totpURI: string; backupCodes: string[] }
  const totp = URI.parse(totpURI) as TOTP
  await post('/two-factor/verify-totp', { code: totp.generate() })
  return { email, totp, backupCodes }
}

