// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AuthError, createAuthClient, memoryStorage, type LockManagerLike, type TokenStorage } from '../../src/index.ts'
import { createFrozenClock, memoryLocks } from '../../src/testing/index.ts'
import { AUTH_URL, alice, testBackend, type TestBackend, type TestBackendOptions } from '../support/backend.tsx'

const stops: Array<() => void> = []
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
  vi.useRealTimers()
})

async function signedInClient(options: TestBackendOptions = {}) {
  const env = testBackend({ clock: 'real', ...options })
  await env.server.admin.createUser(alice)
  const storage = memoryStorage()
  const client = env.makeClient({ storage })
  stops.push(client.start())
  await client.ready()
  await client.signInWithPassword(alice)
  return { ...env, client, storage }
}

describe('session snapshot', () => {
  it('keeps its identity until the content changes, and keeps the user object across a refresh', async () => {
    const { client } = await signedInClient()
    const signedIn = client.getSnapshot()
    expect(signedIn.status).toBe('signedIn')
    expect(client.getSnapshot()).toBe(signedIn)

    const seen: unknown[] = []
    const unsubscribe = client.subscribe(() => seen.push(client.getSnapshot()))
    await client.refresh()
    const refreshed = client.getSnapshot()
    expect(refreshed).not.toBe(signedIn)
    expect(refreshed.session!.refreshToken).not.toBe(signedIn.session!.refreshToken)
    expect(refreshed.user).toBe(signedIn.user)
    expect(Object.isFrozen(refreshed)).toBe(true)
    expect(seen).toEqual([refreshed])
    unsubscribe()
  })
})

describe('restore on start', () => {
  it('restores a stored session with a valid token without any request', async () => {
    const { server, makeClient, storage } = await signedInClient()
    const before = server.requests.length
    const tab = makeClient({ storage })
    stops.push(tab.start())
    const snapshot = await tab.ready()
    expect(snapshot.status).toBe('signedIn')
    expect(snapshot.user?.email).toBe(alice.email)
    expect(server.requests.length).toBe(before)
  })

  it('refreshes an expired stored session with exactly one request, staying "loading" until then', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const { server, makeClient, storage } = await signedInClient()
    vi.setSystemTime(Date.now() + 20 * 60_000)
    const before = server.requests.length
    const tab = makeClient({ storage })
    const statuses: string[] = []
    tab.subscribe(() => statuses.push(tab.getSnapshot().status))
    stops.push(tab.start())
    expect(tab.getSnapshot().status).toBe('loading')
    expect((await tab.ready()).status).toBe('signedIn')
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/token'])
    expect(statuses).toEqual(['signedIn'])
  })

  it('treats a corrupt stored value as signed out and clears it', async () => {
    const { makeClient } = testBackend({ clock: 'real' })
    const storage = memoryStorage()
    storage.set('{"accessToken": 42')
    const client = makeClient({ storage })
    stops.push(client.start())
    expect((await client.ready()).status).toBe('signedOut')
    expect(storage.get()).toBeNull()
  })

  it('signs out when the stored refresh token is no longer valid', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const { server, makeClient, storage } = await signedInClient()
    server.admin.revokeAllRefreshTokens()
    vi.setSystemTime(Date.now() + 20 * 60_000)
    const tab = makeClient({ storage })
    stops.push(tab.start())
    const snapshot = await tab.ready()
    expect(snapshot.status).toBe('signedOut')
    expect(snapshot.error?.code).toBe('invalid-refresh-token')
  })
})

describe('proactive refresh', () => {
  it('refreshes at expiry minus the margin, and again for the next token', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const { server, client } = await signedInClient({ accessTokenTtl: 900 })
    // default margin: 60 s before the 900 s expiry
    await vi.advanceTimersByTimeAsync(839_000)
    expect(server.count('/token')).toBe(0)
    await vi.advanceTimersByTimeAsync(1_000)
    await vi.waitFor(() => expect(server.count('/token')).toBe(1))
    await vi.advanceTimersByTimeAsync(840_000)
    await vi.waitFor(() => expect(server.count('/token')).toBe(2))
    expect(client.getSnapshot().status).toBe('signedIn')
  })

  it('honours a custom margin', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const env = testBackend({ clock: 'real', accessTokenTtl: 300 })
    await env.server.admin.createUser(alice)
    const client = env.makeClient({ refreshMargin: 100 })
    stops.push(client.start())
    await client.ready()
    await client.signInWithPassword(alice)
    await vi.advanceTimersByTimeAsync(199_000)
    expect(env.server.count('/token')).toBe(0)
    await vi.advanceTimersByTimeAsync(1_000)
    await vi.waitFor(() => expect(env.server.count('/token')).toBe(1))
  })
})

describe('refresh on 401', () => {
  it('answers 20 concurrent 401s with exactly one refresh, after which all succeed', async () => {
    const clock = createFrozenClock()
    const { server, client } = await signedInClient({ clock })
    // the server's clock moves past the token's expiry; the client's does not know yet
    clock.advance(16 * 60_000)
    const responses = await Promise.all(Array.from({ length: 20 }, () => client.fetch(`${AUTH_URL}/user`)))
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200))
    expect(server.count('/token')).toBe(1)
    expect(server.count('/user')).toBe(40)
  })

  it('returns the 401 when the session cannot be refreshed, and signs out', async () => {
    const clock = createFrozenClock()
    const { server, client } = await signedInClient({ clock })
    clock.advance(16 * 60_000)
    server.admin.revokeAllRefreshTokens()
    const response = await client.fetch(`${AUTH_URL}/user`)
    expect(response.status).toBe(401)
    expect(client.getSnapshot().status).toBe('signedOut')
  })
})

describe('refresh failures', () => {
  it('keeps the session when the refresh fails on the network, and exposes the error', async () => {
    const { server, client, storage } = await signedInClient()
    const session = client.getSnapshot().session
    server.inject({ path: '/token', fault: { kind: 'network' } })
    await expect(client.refresh()).rejects.toMatchObject({ code: 'network_error' })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', session, error: { code: 'network_error' } })
    expect(JSON.parse((await storage.get())!).refreshToken).toBe(session!.refreshToken)

    server.inject({ path: '/token', fault: { kind: 'status', status: 503 } })
    await expect(client.refresh()).rejects.toMatchObject({ code: 'internal-server-error', status: 503 })
    expect(client.getSnapshot().status).toBe('signedIn')

    // the next attempt succeeds and clears the error
    await client.refresh()
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', error: null })
  })

  it('retries a failed background refresh with backoff', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const { server, client } = await signedInClient()
    server.inject({ path: '/token', fault: { kind: 'network' }, times: 2 })
    await vi.advanceTimersByTimeAsync(840_000)
    await vi.waitFor(() => expect(server.count('/token')).toBe(1))
    await vi.advanceTimersByTimeAsync(1_000)
    await vi.waitFor(() => expect(server.count('/token')).toBe(2))
    await vi.advanceTimersByTimeAsync(2_000)
    await vi.waitFor(() => expect(server.count('/token')).toBe(3))
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', error: null })
  })

  it('signs out when the server rejects the refresh token', async () => {
    const { server, client, storage } = await signedInClient()
    server.admin.revokeAllRefreshTokens()
    const error = await client.refresh().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthError)
    expect(error).toMatchObject({ code: 'invalid-refresh-token', status: 401 })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedOut', session: null })
    expect(storage.get()).toBeNull()
  })

  it('turns a malformed refresh reply into invalid_response and leaves the session untouched', async () => {
    const { server, client, storage } = await signedInClient()
    const before = client.getSnapshot()
    const stored = storage.get()
    server.inject({ path: '/token', fault: { kind: 'malformed' } })
    await expect(client.refresh()).rejects.toMatchObject({ code: 'invalid_response' })
    expect(client.getSnapshot().session).toBe(before.session)
    expect(client.getSnapshot().status).toBe('signedIn')
    expect(storage.get()).toBe(stored)
  })

  it('turns a malformed sign-in reply into invalid_response and stays signed out', async () => {
    const env = testBackend({ clock: 'real' })
    await env.server.admin.createUser(alice)
    const storage = memoryStorage()
    const client = env.makeClient({ storage })
    stops.push(client.start())
    await client.ready()
    env.server.inject({ path: '/signin/email-password', fault: { kind: 'malformed' } })
    await expect(client.signInWithPassword(alice)).rejects.toMatchObject({ code: 'invalid_response' })
    expect(client.getSnapshot().status).toBe('signedOut')
    expect(storage.get()).toBeNull()
  })

  it('times out a request that takes too long', async () => {
    const env = testBackend({ clock: 'real' })
    const client = env.makeClient({ timeout: 50 })
    env.server.inject({ path: '/signin/email-password', fault: { kind: 'delay', ms: 500 } })
    await expect(client.signInWithPassword(alice)).rejects.toMatchObject({ code: 'timeout' })
  })
})

describe('two tabs', () => {
  function twoTabs(env: TestBackend, name: string) {
    const storage = memoryStorage() // stands for the origin's localStorage
    const locks = memoryLocks() // stands for navigator.locks
    const tabs = [0, 1].map(() => env.makeClient({ storage, locks, sync: true, name }))
    for (const tab of tabs) stops.push(tab.start())
    return tabs as [(typeof tabs)[0], (typeof tabs)[0]]
  }

  it('refresh once, not twice, when both timers fire together', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const env = testBackend({ clock: 'real' })
    await env.server.admin.createUser(alice)
    const [a, b] = twoTabs(env, 'tabs-refresh')
    await Promise.all([a.ready(), b.ready()])
    await a.signInWithPassword(alice)
    await vi.waitFor(() => expect(b.getSnapshot().status).toBe('signedIn'))

    const first = a.getSnapshot().session!.refreshToken
    await vi.advanceTimersByTimeAsync(840_000)
    await vi.waitFor(() => {
      expect(a.getSnapshot().session?.refreshToken).not.toBe(first)
      expect(b.getSnapshot().session?.refreshToken).toBe(a.getSnapshot().session?.refreshToken)
    })
    await vi.advanceTimersByTimeAsync(1_000)
    expect(env.server.count('/token')).toBe(1)
    expect(a.getSnapshot().status).toBe('signedIn')
    expect(b.getSnapshot().status).toBe('signedIn')
    expect(env.server.admin.activeRefreshTokens(alice.email)).toBe(1)
  })

  it('refresh once when both tabs hit a 401 at the same moment', async () => {
    const clock = createFrozenClock()
    const env = testBackend({ clock })
    await env.server.admin.createUser(alice)
    const [a, b] = twoTabs(env, 'tabs-401')
    await Promise.all([a.ready(), b.ready()])
    await a.signInWithPassword(alice)
    await vi.waitFor(() => expect(b.getSnapshot().status).toBe('signedIn'))
    clock.advance(16 * 60_000)
    const responses = await Promise.all([a, b, a, b].map((tab) => tab.fetch(`${AUTH_URL}/user`)))
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200])
    expect(env.server.count('/token')).toBe(1)
    expect(a.getSnapshot().status).toBe('signedIn')
    expect(b.getSnapshot().status).toBe('signedIn')
  })

  it('a sign-in in one tab reaches the other, and so does a sign-out', async () => {
    const env = testBackend({ clock: 'real' })
    await env.server.admin.createUser(alice)
    const [a, b] = twoTabs(env, 'tabs-signout')
    await Promise.all([a.ready(), b.ready()])
    await a.signInWithPassword(alice)
    await vi.waitFor(() => expect(b.getSnapshot().user?.email).toBe(alice.email))
    await b.signOut()
    await vi.waitFor(() => expect(a.getSnapshot().status).toBe('signedOut'))
    expect(env.server.admin.activeRefreshTokens(alice.email)).toBe(0)
  })
})

describe('sign-out', () => {
  it('clears the local session even when the server cannot be reached, and reports it', async () => {
    const { server, client, storage } = await signedInClient()
    server.inject({ path: '/signout', fault: { kind: 'network' } })
    const { serverError } = await client.signOut()
    expect(serverError?.code).toBe('network_error')
    expect(client.getSnapshot().status).toBe('signedOut')
    expect(storage.get()).toBeNull()
  })

  it('ends every session of the user with { all: true }', async () => {
    const { server, client, makeClient } = await signedInClient()
    const other = makeClient() // another device
    await other.signInWithPassword(alice)
    expect(server.admin.activeRefreshTokens(alice.email)).toBe(2)
    await client.signOut({ all: true })
    expect(server.admin.activeRefreshTokens(alice.email)).toBe(0)
    await expect(other.refresh()).rejects.toMatchObject({ code: 'invalid-refresh-token' })
    expect(other.getSnapshot().status).toBe('signedOut')
  })
})

describe('backends whose servers say "expired" differently', () => {
  it('refreshes and retries on whatever reply the backend calls a token rejection', async () => {
    const clock = createFrozenClock()
    const env = testBackend({ clock })
    await env.server.admin.createUser(alice)
    // a Replyke-style server: 403 for an expired bearer
    const backend = { ...env.backend, traits: { ...env.backend.traits, isTokenRejected: (response: Response) => response.status === 403 } }
    const api: typeof fetch = async (input, init) => {
      const response = await env.server.fetch(input, init)
      return response.status === 401 ? new Response(null, { status: 403 }) : response
    }
    const client = env.makeClient({ backend, fetch: api })
    await client.signInWithPassword(alice)
    clock.advance(16 * 60_000)
    expect((await client.fetch(`${AUTH_URL}/user`)).status).toBe(200)
    expect(env.server.count('/token')).toBe(1)
  })
})

describe('coming back online', () => {
  it('retries a failed refresh at once when the network returns', async () => {
    const { server, client } = await signedInClient()
    server.inject({ path: '/token', fault: { kind: 'network' } })
    await expect(client.refresh()).rejects.toMatchObject({ code: 'network_error' })
    // the backoff timer would wait a second; the online event does not
    window.dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(client.getSnapshot().error).toBeNull(), { timeout: 500 })
    expect(server.requests.filter((r) => r.path === '/token').map((r) => r.status)).toEqual([0, 200])
  })
})

describe('storage shared between tabs, or not', () => {
  /** Counts lock requests, granting each at once. */
  function countingLocks() {
    const counted = { requests: 0 }
    const locks: LockManagerLike = {
      request: (_name, _options, callback) => {
        counted.requests += 1
        return callback()
      },
    }
    return { locks, counted }
  }

  async function twoClients(storage: () => TokenStorage, name: string) {
    const env = testBackend({ clock: 'real' })
    await env.server.admin.createUser(alice)
    const { locks, counted } = countingLocks()
    // sync and locks left to their defaults, as an app would (Node has BroadcastChannel)
    const [a, b] = [0, 1].map(() => createAuthClient({ backend: env.backend, fetch: env.server.fetch, storage: storage(), locks, name }))
    for (const tab of [a!, b!]) stops.push(tab.start())
    await Promise.all([a!.ready(), b!.ready()])
    return { a: a!, b: b!, counted }
  }

  it('costs nothing across tabs for storage each tab has for itself: no sync, no lock', async () => {
    const { a, b, counted } = await twoClients(() => memoryStorage(), 'own-storage')
    await a.signInWithPassword(alice)
    await a.refresh()
    // nothing reached the other tab, and the refresh took no cross-tab lock
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(b.getSnapshot().status).toBe('signedOut')
    expect(counted.requests).toBe(0)
  })

  it('shares the session and takes the cross-tab lock for shared storage', async () => {
    const origin = memoryStorage()
    const { a, b, counted } = await twoClients(() => ({ get: origin.get, set: origin.set, remove: origin.remove }), 'shared-storage')
    await a.signInWithPassword(alice)
    await vi.waitFor(() => expect(b.getSnapshot().status).toBe('signedIn'))
    await a.refresh()
    expect(counted.requests).toBe(1)
    await vi.waitFor(() => expect(b.getSnapshot().session?.refreshToken).toBe(a.getSnapshot().session?.refreshToken))
  })
})
