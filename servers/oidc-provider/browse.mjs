// @ts-check
// A browser for this provider's development login and consent pages (plain HTML forms), for tests and
// the bench: cookies kept, redirects followed by hand, the forms filled as a user would.

/**
 * @param {string} issuer the provider's issuer (its pages are on that origin)
 */
export function providerBrowser(issuer) {
  /** @type {Map<string, string>} */
  const jar = new Map()
  /** @param {string} url @param {{ method?: string, body?: URLSearchParams }} init */
  async function visit(url, init = {}) {
    const headers = new Headers()
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const response = await fetch(url, { ...init, headers, redirect: 'manual' })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';')
      const at = pair.indexOf('=')
      jar.set(pair.slice(0, at), pair.slice(at + 1))
    }
    return response
  }

  /**
   * Follows the provider's pages from `url` — signing in as `login` and consenting where asked, or
   * confirming a sign-out — until the provider sends the browser off its own site; returns that address
   * (the app's callback with `code` and `state`, or the post-logout page).
   * @param {string} url @param {string} login @returns {Promise<string>}
   */
  async function follow(url, login) {
    let next = url
    /** @type {{ method?: string, body?: URLSearchParams }} */
    let init = {}
    for (let step = 0; step < 20; step++) {
      const response = await visit(next, init)
      const location = response.headers.get('location')
      if (location) {
        const target = new URL(location, next).toString()
        if (!target.startsWith(issuer)) return target
        next = target
        init = {}
        continue
      }
      const html = await response.text()
      const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1]
      if (!action) throw new Error(`the provider's page has no form (${response.status}): ${html.slice(0, 200)}`)
      /** @type {Record<string, string>} */
      const fields = Object.fromEntries([...html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2]]))
      if (html.includes('name="login"')) Object.assign(fields, { login, password: 'any password' })
      if (html.includes('name="logout"')) fields.logout = 'yes'
      next = new URL(action.replace(/&amp;/g, '&'), next).toString()
      init = { method: 'POST', body: new URLSearchParams(fields) }
    }
    throw new Error('the provider kept the browser for more than 20 pages')
  }
  return { follow, jar }
}
