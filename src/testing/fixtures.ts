import { Secret, TOTP } from 'otpauth'
import { nhost } from '../backends/nhost/index.js'
import type { Session } from '../core/types.js'
import type { ReferenceBackend } from './reference/server.js'

/** A user of the reference backend, as `renderWithAuth` and `signedInSession` take one. */
export interface FixtureUser {
  email: string
  /** Default `'correct horse battery staple'`. */
  password?: string
  displayName?: string
}

export const FIXTURE_PASSWORD = 'correct horse battery staple'

/** The URL the fixtures use for the reference backend when the test names none. */
export const FIXTURE_AUTH_URL = 'http://localhost/auth/v1'

/**
 * A `fetch` that answers requests below `url` with `server` in memory, whatever the server's own
 * `basePath`: the app's mount point is swapped for it. Other URLs are refused (a test must not reach
 * the network by accident).
 */
export function mountedFetch(server: ReferenceBackend, url: string = FIXTURE_AUTH_URL): typeof fetch {
  const mount = new URL(url)
  const prefix = mount.pathname.replace(/\/$/, '')
  return async (input, init) => {
    const request = new Request(input, init)
    const target = new URL(request.url)
    if (target.origin !== mount.origin || !(target.pathname === prefix || target.pathname.startsWith(`${prefix}/`))) {
      throw new TypeError(`${target.origin}${target.pathname} is not below ${url}, where the reference backend is mounted`)
    }
    target.pathname = `${server.basePath}${target.pathname.slice(prefix.length)}`
    const forwarded: RequestInit = { method: request.method, headers: request.headers, redirect: request.redirect, signal: request.signal }
    if (request.method !== 'GET' && request.method !== 'HEAD') forwarded.body = await request.arrayBuffer()
    return server.fetch(new Request(target, forwarded))
  }
}

/**
 * A session for `user` (created on `server` when missing, verified), signed in through the server's
 * real `/signin/email-password`: pass it as `initialSession`, or adopt it in a client.
 *
 * @example
 * const server = createReferenceBackend({ basePath: '/auth/v1' })
 * const session = await signedInSession(server, { email: 'ada@example.com' })
 */
export async function signedInSession(server: ReferenceBackend, user: FixtureUser | string, url = FIXTURE_AUTH_URL): Promise<Session> {
  const { email, password = FIXTURE_PASSWORD, displayName } = typeof user === 'string' ? { email: user } : user
  if (!server.admin.getUser(email)) await server.admin.createUser({ email, password, ...(displayName ? { displayName } : {}) })
  const backend = nhost({ url: url.replace(/\/$/, '') })
  const result = await backend.signIn.withPassword({ email, password }, { fetch: mountedFetch(server, url), timeout: 10_000, now: server.clock.now })
  if (result.kind !== 'session') throw new Error(`signing ${email} in needs a further step (${result.kind}): use a user without MFA`)
  return result.session
}

/**
 * The current code of an authenticator app holding `secret` (base32, as the TOTP setup shows it or
 * `server.admin.enableTotp` returns it), at `at` (default: now; pass `server.clock.now()` for a
 * reference backend on a test clock).
 */
export function totpCode(secret: string, at: number = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret.replace(/\s+/g, '').toUpperCase()) }).generate({ timestamp: at })
}

/**
 * The link in the newest e-mail to `to` (of `kind`, when given): a verification, reset or sign-in
 * link to open in the test.
 */
export function emailedLink(server: ReferenceBackend, to: string, kind?: Parameters<ReferenceBackend['lastMessage']>[1]): string {
  const message = server.lastMessage(to, kind)
  if (!message.link) throw new Error(`the newest ${kind ?? 'message'} to ${to} has no link`)
  return message.link
}
