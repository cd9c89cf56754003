// One cookie format for both sides: the browser's `cookieStorage()` writes it, `keyward/server` reads
// it (and the token route writes it httpOnly). A value longer than one cookie holds is split across
// `name.0`, `name.1`, … (a session with its user easily passes the 4 KB browsers keep per cookie).

/** The cookie keyward keeps the session in, in either mode. */
export const SESSION_COOKIE = 'keyward-session'
/** Characters of encoded value per cookie: under the 4096 bytes browsers keep for name, value and attributes. */
export const COOKIE_CHUNK = 3600
/** No session is split into more cookies than this (a garbled or hostile header is not read further). */
const MAX_CHUNKS = 16

/** `name=value` pairs of a `Cookie` header (the first of each name wins, as browsers send the most specific first). */
export function parseCookieHeader(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=')
    if (at < 0) continue
    const name = part.slice(0, at).trim()
    if (name && !cookies.has(name)) cookies.set(name, part.slice(at + 1).trim())
  }
  return cookies
}

/** The value kept under `name`, joined from its chunks, decoded; `null` when absent or garbled. */
export function readChunked(read: (name: string) => string | undefined, name: string): string | null {
  const whole = read(name)
  let encoded = whole
  if (encoded === undefined) {
    const parts: string[] = []
    for (let i = 0; i < MAX_CHUNKS; i++) {
      const part = read(`${name}.${i}`)
      if (part === undefined) break
      parts.push(part)
    }
    if (parts.length === 0) return null
    encoded = parts.join('')
  }
  try {
    return decodeURIComponent(encoded)
  } catch {
    return null
  }
}

/**
 * The `name=value` assignments that store `value` (encoded, split where long) and clear what an
 * earlier, longer value left: `present` names the cookies there are now.
 */
export function chunkAssignments(name: string, value: string | null, present: (name: string) => boolean): Array<[string, string | null]> {
  const encoded = value === null ? null : encodeURIComponent(value)
  const out: Array<[string, string | null]> = []
  if (encoded !== null && encoded.length <= COOKIE_CHUNK) {
    out.push([name, encoded])
  } else {
    if (present(name)) out.push([name, null])
    if (encoded !== null) {
      for (let i = 0, at = 0; at < encoded.length; i++, at += COOKIE_CHUNK) out.push([`${name}.${i}`, encoded.slice(at, at + COOKIE_CHUNK)])
    }
  }
  const written = encoded === null || encoded.length <= COOKIE_CHUNK ? 0 : Math.ceil(encoded.length / COOKIE_CHUNK)
  for (let i = written; i < MAX_CHUNKS && present(`${name}.${i}`); i++) out.push([`${name}.${i}`, null])
  return out
}
