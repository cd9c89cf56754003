import { describe, expect, it } from 'vitest'
import { authJs } from '../../src/backends/authjs/index.ts'
import { createAuthClient, memoryStorage } from '../../src/index.ts'
import { authJsUrl, browser, PASSWORD, register, uniqueEmail } from '../support/authjs.ts'

// Faults between the page and the run's real Auth.js: on the page load that confirms a stored session
// (`GET /session`), and on a sign-in. Auth.js has no refresh: its cookie session ends only on its word
// (`null`), never on a dropped connection, a 5xx, a proxy's page or a garbled reply.

type Fault = { kind: 'network' } | { kind: 'reply'; status: number; body: string; type?: string }
const FAULTS: Array<[string, Fault]> = [
  ['a dropped connection', { kind: 'network' }],
  ['a 500', { kind: 'reply', status: 500, body: '{"error":"internal"}' }],
  ['a 502 with an HTML body', { kind: 'reply', status: 502, body: '<html><body>Bad gateway</body></html>', type: 'text/html' }],
  ['a garbled 200', { kind: 'reply', status: 200, body: '{"user": {"na' }],
  ['a 200 of the wrong shape', { kind: 'reply', status: 200, body: '{"ok":true}' }],
]

/** The page's fetch, with `fault` met by the first request to `path` (`met()` says whether it was). */
function faulty(page: ReturnType<typeof browser>, path: string, fault: Fault): typeof fetch & { met(): boolean } {
  let pending = true
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    if (!pending || !String(input).endsWith(path)) return page.fetch(input, init)
    pending = false
    if (fault.kind === 'network') throw new TypeError('Failed to fetch')
    return new Response(fault.body, { status: fault.status, headers: { 'content-type': fault.type ?? 'application/json' } })
  }
  return Object.assign(fetch, { met: () => !pending })
}

const backend = () => authJs({ url: `${authJsUrl}/api/auth` })

describe('Auth.js: faults on the page load that confirms a stored session', () => {
  it.for(FAULTS)('%s: the session is kept, and the next load confirms it', async ([, fault]) => {
    const page = browser()
    const storage = memoryStorage()
    const email = uniqueEmail('authjs-fault-load')
    await register(email)
    await createAuthClient({ backend: backend(), storage, fetch: page.fetch, sync: false, locks: null }).signInWithPassword({ email, password: PASSWORD })
    const fetch = faulty(page, '/api/auth/session', fault)
    // shown from storage, confirmed with one GET /session (getUser) in the background: the fault meets it
    const confirming = backend()
    const getUser = confirming.session.getUser!
    let confirmed: Promise<unknown> | undefined
    confirming.session.getUser = (...args) => {
      const pending = getUser(...args)
      confirmed = pending.catch(() => undefined)
      return pending
    }
    const next = createAuthClient({ backend: confirming, storage, fetch, sync: false, locks: null })
    next.start()
    await next.ready()
    await expect.poll(() => confirmed !== undefined).toBe(true)
    await confirmed
    // what the client does with the verdict runs after it
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(fetch.met()).toBe(true)
    expect(next.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
    expect(storage.get()).not.toBeNull()
    const again = createAuthClient({ backend: backend(), storage, fetch: page.fetch, sync: false, locks: null })
    again.start()
    await again.ready()
    await again.fetch(`${authJsUrl}/api/auth/session`)
    expect(again.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
  })

  it('a session Auth.js no longer holds (signed out from another page) ends on the next load', async () => {
    const page = browser()
    const storage = memoryStorage()
    const email = uniqueEmail('authjs-fault-ended')
    await register(email)
    await createAuthClient({ backend: backend(), storage, fetch: page.fetch, sync: false, locks: null }).signInWithPassword({ email, password: PASSWORD })
    // the cookie is gone (another page signed out, or it expired)
    page.jar.delete('authjs.session-token')
    const next = createAuthClient({ backend: backend(), storage, fetch: page.fetch, sync: false, locks: null })
    next.start()
    await next.ready()
    await expect.poll(() => next.getSnapshot().status).toBe('signedOut')
    expect(storage.get()).toBeNull()
  })
})

describe('Auth.js: faults on a sign-in', () => {
  it.for(FAULTS)('%s: an AuthError, nobody signed in, nothing stored', async ([, fault]) => {
    const page = browser()
    const storage = memoryStorage()
    const email = uniqueEmail('authjs-fault-signin')
    await register(email)
    const client = createAuthClient({ backend: backend(), storage, fetch: faulty(page, '/api/auth/callback/credentials', fault), sync: false, locks: null })
    client.start()
    await client.ready()
    await expect(client.signInWithPassword({ email, password: PASSWORD })).rejects.toMatchObject({ name: 'AuthError' })
    expect(client.getSnapshot().status).toBe('signedOut')
    expect(storage.get()).toBeNull()
    // the next try goes through
    await client.signInWithPassword({ email, password: PASSWORD })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
  })
})
