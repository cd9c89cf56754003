import { afterEach, describe, expect, inject, it, vi } from 'vitest'
import { betterAuth } from '../../src/backends/better-auth/index.ts'
import { type AuthBackend, createAuthClient, memoryStorage, type Session } from '../../src/index.ts'
import { PASSWORD, pageFetch } from '../support/better-auth.ts'

// Sessions nothing can refresh (better-auth's opaque tokens, Medusa's JWT): a stored one is confirmed
// with the server on start, a token the app's API refuses is confirmed once and, when the server
// agrees, the session ends in every tab; a known lifetime ends it on time.

const stops: Array<() => void> = []
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
  vi.useRealTimers()
})

const server = inject('betterAuthUrl')
const backend = betterAuth({ url: `${server}/api/auth` })

/** A fetch that counts the calls to better-auth's `get-session`, and answers 401 for the app's `/api/*`. */
function countingFetch() {
  const calls = { getSession: 0 }
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input)
    if (url.startsWith('https://app.example/api/')) return new Response('{"error":"nope"}', { status: 401 })
    if (url.includes('/get-session')) calls.getSession += 1
    return pageFetch(input, init)
  }
  return { calls, fetch }
}

async function signedIn(name: string) {
  const storage = memoryStorage()
  const email = `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`
  const first = createAuthClient({ backend, storage, fetch: pageFetch })
  await first.signUp({ email, password: PASSWORD })
  return { storage, email, session: first.getSnapshot().session! }
}

function started(storage: ReturnType<typeof memoryStorage>) {
  const { calls, fetch } = countingFetch()
  const client = createAuthClient({ backend, storage, fetch })
  stops.push(client.start())
  return { client, calls }
}

describe('a stored session nothing refreshes, against a real better-auth server', () => {
  it('is shown at once and confirmed with one request on start', async () => {
    const { storage, email } = await signedIn('start')
    const { client, calls } = started(storage)
    await client.ready()
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
    await vi.waitFor(() => expect(calls.getSession).toBe(1))
    expect(client.getSnapshot().status).toBe('signedIn')
    expect(storage.get()).not.toBeNull()
  })

  it('ends on start when the server no longer knows it (signed out on another device)', async () => {
    const { storage, session } = await signedIn('revoked')
    await backend.session.signOutEverywhere(session, { fetch: pageFetch, timeout: 15_000, now: Date.now })
    const { client, calls } = started(storage)
    await vi.waitFor(() => expect(client.getSnapshot()).toMatchObject({ status: 'signedOut', error: { code: 'unauthorized' } }))
    expect(calls.getSession).toBe(1)
    expect(storage.get()).toBeNull()
  })

  it('is kept when the app API refuses a token the server still accepts: one confirmation for many refusals', async () => {
    // signed in in this tab (nothing to confirm on start)
    const { email } = await signedIn('api-401')
    const { client, calls } = started(memoryStorage())
    await client.ready()
    await client.signInWithPassword({ email, password: PASSWORD })
    expect(calls.getSession).toBe(0)
    const replies = await Promise.all([1, 2, 3].map((n) => client.fetch(`https://app.example/api/${n}`)))
    expect(replies.map((r) => r.status)).toEqual([401, 401, 401])
    expect(calls.getSession).toBe(1)
    expect(client.getSnapshot().status).toBe('signedIn')
  })

  it('ends in every tab when the app API refuses it and the server confirms it is gone', async () => {
    const { storage, session } = await signedIn('api-gone')
    const { client } = started(storage)
    await client.ready()
    const seen: string[] = []
    client.subscribe(() => seen.push(client.getSnapshot().status))
    await backend.session.signOutEverywhere(session, { fetch: pageFetch, timeout: 15_000, now: Date.now })
    const reply = await client.fetch(`${server}/api/auth/list-sessions`)
    expect(reply.status).toBe(401)
    expect(client.getSnapshot()).toMatchObject({ status: 'signedOut', error: { code: 'unauthorized' } })
    // other tabs learn it from the shared storage (and the broadcast)
    expect(storage.get()).toBeNull()
    expect(seen).toContain('signedOut')
  })
})

describe('a session with a known lifetime and no refresh token', () => {
  const HOUR = 3_600_000
  /** A token-only backend (as Medusa's JWT mode will be): the lifetime is all the client knows. */
  function jwtLike(expiresIn: number): AuthBackend {
    return {
      id: 'jwt-like',
      traits: { transport: 'bearer' },
      signIn: {
        async withPassword({ email }) {
        const session: Session = {
          accessToken: `token-${email}`,
          accessTokenExpiresAt: Date.now() + expiresIn,
          refreshToken: null,
          sessionId: null,
          idToken: null,
          user: { id: 'u1', email, emailVerified: true, phoneNumber: null, displayName: '', avatarUrl: '', isAnonymous: false, activeMfaType: null, createdAt: null, metadata: {}, raw: {} },
        }
        return { kind: 'session', session }
        },
      },
      session: { async signOut() {} },
    }
  }

  it('ends when its token expires, with unauthorized, and leaves storage empty', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const storage = memoryStorage()
    const client = createAuthClient({ backend: jwtLike(HOUR), storage })
    stops.push(client.start())
    await client.ready()
    await client.signInWithPassword({ email: 'ada@example.com', password: 'x' })
    await vi.advanceTimersByTimeAsync(HOUR - 1000)
    expect(client.getSnapshot().status).toBe('signedIn')
    await vi.advanceTimersByTimeAsync(2000)
    expect(client.getSnapshot()).toMatchObject({ status: 'signedOut', error: { code: 'unauthorized' } })
    expect(storage.get()).toBeNull()
  })

  it('is not restored once expired (no request, no flash of signed-in UI)', async () => {
    // stored by a tab an hour ago, its token since expired
    const storage = memoryStorage()
    storage.set(JSON.stringify({ accessToken: 'token-ada', accessTokenExpiresAt: Date.now() - 1000, refreshToken: null, user: null }))
    const client = createAuthClient({ backend: jwtLike(HOUR), storage })
    const statuses: string[] = []
    client.subscribe(() => statuses.push(client.getSnapshot().status))
    stops.push(client.start())
    await client.ready()
    expect(client.getSnapshot().status).toBe('signedOut')
    expect(statuses).not.toContain('signedIn')
    expect(storage.get()).toBeNull()
  })
})
