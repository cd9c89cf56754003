// Loaded by http.ts with the first 429 or 503 that says when to come back: it imports nothing, so a
// bundler keeps it a chunk of its own rather than splitting shared code out of the entry.

/** `Retry-After` (delay-seconds or an HTTP date) on a 429 or 503, in milliseconds from `now`. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined
  const value = header.trim()
  if (/^\d{1,10}$/.test(value)) return Number(value) * 1000
  const at = Date.parse(value)
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined
}
