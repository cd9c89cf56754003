import { expect, inject } from 'vitest'
import type { BackendContext } from '../../src/index.ts'

// Helpers for tests against the real Medusa 1.20 server of the run (test/servers/global-setup.ts).

export const medusaUrl = inject('medusaUrl')
export const PASSWORD = 'correct horse battery'
/** The page the tests play: a storefront on another origin than the Medusa server. */
export const PAGE = 'http://localhost:3000'

export const uniqueEmail = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`

/**
 * A browser's fetch for one page: the page's Origin on every request and, as for `credentials:
 * 'include'`, Medusa's session cookie kept and sent back. `requests` counts what reached the server.
 */
export function browser() {
  const jar = new Map<string, string>()
  const requests: Array<{ method: string; path: string; credentials: RequestCredentials | undefined }> = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input))
    requests.push({ method: init?.method ?? 'GET', path: url.pathname, credentials: init?.credentials })
    const headers = new Headers(init?.headers)
    headers.set('origin', PAGE)
    // cookies only where the page lets them go (credentials: 'include'), as a browser does across origins
    if (jar.size && init?.credentials === 'include') headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '))
    const response = await globalThis.fetch(url, { ...init, headers })
    if (init?.credentials === 'include') {
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';')
        const at = pair!.indexOf('=')
        jar.set(pair!.slice(0, at), pair!.slice(at + 1))
      }
    }
    return response
  }
  const ctx: BackendContext = { fetch, timeout: 15_000, now: () => Date.now() }
  return { fetch, ctx, jar, requests }
}

/** The reset token Medusa emitted for `email` (`customer.password_reset`; events flush after a few seconds). */
export async function resetToken(email: string, after = 0): Promise<string> {
  let token: string | undefined
  await expect
    .poll(
      async () => {
        const outbox = (await (await fetch(`${medusaUrl}/__outbox`)).json()) as Array<{ to: string; token: string; at: number }>
        token = outbox.filter((m) => m.to === email && m.at > after).at(-1)?.token
        return token
      },
      { timeout: 20_000, interval: 250 },
    )
    .toBeTruthy()
  return token!
}
