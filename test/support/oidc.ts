import { inject } from 'vitest'

// Helpers for tests against this run's OpenID Connect provider (servers/oidc-provider), whose login and
// consent pages are oidc-provider's development interactions: plain HTML forms a test can fill over HTTP.

export const oidcIssuer = inject('oidcIssuer')
export const CLIENT_ID = 'keyward-test'
/** The page the tests play, and where the provider sends the browser back. */
export const PAGE = 'http://localhost:3000'
export const CALLBACK = `${PAGE}/callback`

/** A browser for the provider's pages: its cookies kept, its redirects followed by hand. */
export function providerBrowser() {
  const jar = new Map<string, string>()
  async function visit(url: string, init: { method?: string; body?: URLSearchParams } = {}) {
    const headers = new Headers()
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const response = await fetch(url, { ...init, headers, redirect: 'manual' })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const at = pair!.indexOf('=')
      jar.set(pair!.slice(0, at), pair!.slice(at + 1))
    }
    return response
  }

  /**
   * Follows the provider's pages from `url` as a user would — signing in as `login` and consenting
   * where asked, or confirming a sign-out — until the provider sends the browser off its own site.
   * Returns that address (the app's callback with `code` and `state`, or the post-logout page).
   */
  async function follow(url: string, login: string): Promise<string> {
    let next = url
    let init: { method?: string; body?: URLSearchParams } = {}
    for (let step = 0; step < 20; step++) {
      const response = await visit(next, init)
      const location = response.headers.get('location')
      if (location) {
        const target = new URL(location, next).toString()
        if (!target.startsWith(oidcIssuer)) return target
        next = target
        init = {}
        continue
      }
      const html = await response.text()
      const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1]
      if (!action) throw new Error(`the provider's page has no form (${response.status}): ${html.slice(0, 200)}`)
      const fields = Object.fromEntries([...html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]))
      if (html.includes('name="login"')) Object.assign(fields, { login, password: 'any password' })
      if (html.includes('name="logout"')) fields.logout = 'yes'
      next = new URL(action.replace(/&amp;/g, '&'), next).toString()
      init = { method: 'POST', body: new URLSearchParams(fields) }
    }
    throw new Error('the provider kept the browser for more than 20 pages')
  }
  return { follow, jar }
}
