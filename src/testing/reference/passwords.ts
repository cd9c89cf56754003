// PBKDF2-HMAC-SHA-512 through WebCrypto, so the reference backend runs in Node and in a browser
// (Storybook) alike. 210 000 iterations is OWASP's 2023 recommendation for this hash.
const encoder = new TextEncoder()

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-512', salt, iterations }, key, 256)
  return new Uint8Array(bits)
}

export async function hashPassword(password: string, iterations: number): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const hash = await derive(password, salt, iterations)
  return `pbkdf2-sha512$${iterations}$${toBase64(salt)}$${toBase64(hash)}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, rounds, salt, expected] = stored.split('$')
  if (scheme !== 'pbkdf2-sha512' || !rounds || !salt || !expected) return false
  const actual = await derive(password, fromBase64(salt), Number(rounds))
  const wanted = fromBase64(expected)
  // constant-time comparison
  let diff = actual.length ^ wanted.length
  for (let i = 0; i < actual.length; i++) diff |= (actual[i] ?? 0) ^ (wanted[i] ?? 0)
  return diff === 0
}

/** Refresh tokens and tickets are stored hashed, as a real server would. */
export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text))
  return toBase64(new Uint8Array(digest))
}
