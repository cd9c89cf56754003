/**
 * An allowed URL as a pattern: it matches itself and anything below it (`/path`, `?query`), and `*`
 * stands for any run of characters within one segment, as in Nhost's allowed-URL setting
 * (`http://localhost:*`, `https://*.example.com`). `https://app.example.com` does not match
 * `https://app.example.com.evil.test`.
 */
export function urlPattern(allowed: string): RegExp {
  const body = allowed
    .replace(/\/$/, '')
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/?#]*')
  return new RegExp(`^${body}(?:[/?#].*)?$`)
}

export function isAllowedUrl(url: string, allowlist: readonly string[]): boolean {
  return allowlist.some((allowed) => urlPattern(allowed).test(url))
}
