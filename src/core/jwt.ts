/** Reads a JWT's claims without verifying it: the client only needs `exp` and custom claims for display. */
export function decodeJwtClaims(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1]
  if (!part) return null
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/')
    const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='))
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/**
 * Whether `accessToken` carries a non-empty value at `claim` (a backend's `elevationClaim`), and
 * until when: the token's `exp`, else `fallbackUntil`.
 */
export function elevationOf(accessToken: string | null, claim: readonly string[], fallbackUntil: number | null): { elevated: boolean; until: number | null } {
  const claims = accessToken ? decodeJwtClaims(accessToken) : null
  let value: unknown = claims
  for (const key of claim) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
  const elevated = value !== undefined && value !== null && value !== '' && value !== false
  return { elevated, until: elevated ? (typeof claims?.exp === 'number' ? claims.exp * 1000 : fallbackUntil) : null }
}
