/**
 * The redirect allowlist, matched structurally. An allowed entry is `scheme://host[:port][/path]`, as
 * in Nhost's allowed-URL setting (`http://localhost:*`, `https://*.example.com`, `https://app.test/in`).
 * A URL matches an entry when, once parsed:
 * - it has no userinfo (`user:pass@`), and its scheme equals the entry's;
 * - its host equals the entry's, where a `*` in the entry's host stands for any run of letters,
 *   digits and hyphens inside one label (never a dot);
 * - its port equals the entry's (the scheme's default port is the empty port); a `*` port matches any
 *   port, or none;
 * - its path is the entry's path or lies below it (at a `/`), where a `*` stands for any run of
 *   characters inside one segment, never a `/`, a `\` or an encoded separator (`%2F`, `%5C`, `%3F`,
 *   `%23`, `%40`);
 * - query and fragment are free.
 * An entry that is not of that form matches nothing.
 */
interface Entry {
  protocol: string
  host: RegExp
  port: string | null
  path: RegExp
}

const ENTRY = /^([a-z][a-z0-9+.-]*):\/\/([^/?#@:\\]+)(?::(\*|\d{1,5}))?(\/[^?#]*)?$/i
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' }
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
// inside one path segment: anything but a separator, raw or percent-encoded
const SEGMENT_RUN = '(?:(?!%2[fF]|%5[cC]|%3[fF]|%23|%40)[^/\\\\])*'

function parseEntry(allowed: string): Entry | null {
  const match = ENTRY.exec(allowed.trim())
  if (!match) return null
  const [, scheme, host, port, path = ''] = match
  const protocol = `${scheme!.toLowerCase()}:`
  let hostSource: string
  if (host!.includes('*')) {
    if (!/^[a-z0-9*.-]+$/i.test(host!)) return null
    hostSource = host!
      .toLowerCase()
      .split('*')
      .map(escape)
      .join('[a-z0-9-]*')
  } else {
    // the URL parser's own form of the host: lower case, IDN as punycode
    try {
      hostSource = escape(new URL(`${protocol}//${host}`).hostname)
    } catch {
      return null
    }
  }
  let normalizedPort: string | null = null
  if (port && port !== '*') {
    normalizedPort = String(Number(port)) === DEFAULT_PORTS[protocol] ? '' : String(Number(port))
  }
  const trimmed = path.replace(/\/+$/, '')
  const pathSource = trimmed
    .split('*')
    .map((part) => escape(part))
    .join(SEGMENT_RUN)
  return {
    protocol,
    host: new RegExp(`^${hostSource}$`),
    port: port === '*' ? null : (normalizedPort ?? ''),
    path: new RegExp(`^${pathSource}(?:/.*)?$`),
  }
}

/** Builds a matcher for an allowlist; see the module's rules. */
export function allowlistMatcher(allowlist: readonly string[]): (url: string) => boolean {
  const entries = allowlist.map(parseEntry).filter((entry): entry is Entry => entry !== null)
  return (url) => {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      return false
    }
    if (parsed.username || parsed.password) return false
    return entries.some(
      (entry) =>
        entry.protocol === parsed.protocol &&
        entry.host.test(parsed.hostname) &&
        (entry.port === null || entry.port === parsed.port) &&
        entry.path.test(parsed.pathname || '/'),
    )
  }
}

export function isAllowedUrl(url: string, allowlist: readonly string[]): boolean {
  return allowlistMatcher(allowlist)(url)
}

/** `given` made absolute against the page, when that is a URL on the allowlist; `null` otherwise. */
export function allowedTarget(given: string, allowlist: readonly string[]): string | null {
  let absolute: string
  try {
    absolute = new URL(given, typeof location === 'undefined' ? undefined : location.href).toString()
  } catch {
    return null
  }
  return isAllowedUrl(absolute, allowlist) ? absolute : null
}

