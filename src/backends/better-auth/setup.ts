import { AuthError, AuthErrorCode } from '../kit/index.js'

// better-auth's setup mistakes, read on the error path only.

/**
 * The site of a host name, roughly its registrable domain: the last two labels, or the whole name for
 * an IP address or a single label (`localhost`). Two hosts on one public suffix (`a.co.uk`, `b.co.uk`)
 * read as one site: a missed setup message, never a false one.
 */
function siteOf(host: string): string {
  if (/^[\d.]+$/.test(host) || host.includes(':') || !host.includes('.')) return host
  return host.split('.').slice(-2).join('.')
}

/**
 * The two-factor step's cookie did not come back (`error`: INVALID_TWO_FACTOR_COOKIE), and the page is
 * on another site than the server at `base`: the browser keeps better-auth's SameSite=Lax cookies from a
 * cross-site request, so the step can never succeed — a setup mistake, not an expired step. On one site
 * (truly spent or expired) null.
 */
export function crossSiteCookie(error: AuthError, base: string): AuthError | null {
  const page = typeof location === 'undefined' ? null : location.hostname
  const server = new URL(base).hostname
  if (!page || siteOf(page) === siteOf(server)) return null
  return new AuthError(
    AuthErrorCode.Misconfigured,
    `better-auth's two-factor cookie never came back: this page (${page}) and the auth server (${server}) are on different sites, and the browser does not send a cross-site request the server's SameSite=Lax cookies. Serve better-auth on the page's site (a subdomain, or a path the app proxies), or set its advanced.defaultCookieAttributes to { sameSite: 'none', secure: true } over HTTPS (and list the page's origin in trustedOrigins)`,
    { status: error.status, serverCode: error.serverCode },
  )
}
