// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { memoryStorage } from '../../src/index.ts'
import { retryAfterMs } from '../../src/core/retry-after.ts'
import { alice, testBackend, type TestBackendOptions } from '../support/backend.tsx'

const stops: Array<() => void> = []
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
  vi.useRealTimers()
})

async function signedIn(options: TestBackendOptions = {}, clientOptions: Parameters<ReturnType<typeof testBackend>['makeClient']>[0] = {}) {
  const env = testBackend({ clock: 'real', ...options })
  await env.server.admin.createUser(alice)
  const storage = memoryStorage()
  const client = env.makeClient({ storage, ...clientOptions })
  stops.push(client.start())
  await client.ready()
  await client.signInWithPassword(alice)
  return { ...env, client, storage }
}

/**
 * A signed-in client whose /token requests are counted as they are sent, and a step that moves the
 * (fake) clock one second and lets every request it started finish (the reference backend signs
 * tokens with WebCrypto, which fake timers do not drive).
 */
async function counted(options: TestBackendOptions) {
  const env = testBackend({ clock: 'real', ...options })
  let sent = 0
  let inflight = 0
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init)
    if (new URL(request.url).pathname.endsWith('/token')) sent++
    inflight++
    try {
      return await env.server.fetch(request)
    } finally {
      inflight--
    }
  }
  await env.server.admin.createUser(alice)
  const client = env.makeClient({ fetch, storage: memoryStorage() })
  stops.push(client.start())
  await client.ready()
  await client.signInWithPassword(alice)
  const settle = async () => {
    for (let i = 0; i < 5 || inflight > 0; i++) await new Promise((resolve) => setImmediate(resolve))
  }
  const seconds = async (count: number) => {
    for (let i = 0; i < count; i++) {
      await vi.advanceTimersByTimeAsync(1000)
      await settle()
    }
  }
  return { client, seconds, sent: () => sent }
}

describe('refresh schedule', () => {
  it('refreshes a token that lives no longer than the margin halfway through, never in a loop', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    // a 30-second token under the default 60-second margin
    const { client, seconds, sent } = await counted({ accessTokenTtl: 30 })
    await seconds(60)
    // every 15 s: 4 a minute, and the session never lapses
    expect(sent()).toBe(4)
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', error: null })
  })

  it('waits at least the floor between refreshes, whatever the token lifetime', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const { seconds, sent } = await counted({ accessTokenTtl: 2 })
    await seconds(60)
    // one every 5 s at the most
    expect(sent()).toBeLessThanOrEqual(12)
    expect(sent()).toBeGreaterThanOrEqual(10)
  })
})

describe('sessions the client refuses to commit', () => {
  const session = (fields: Record<string, unknown>) =>
    JSON.stringify({
      session: {
        accessToken: 'a.b.c',
        accessTokenExpiresIn: 900,
        refreshToken: '2c35b6f3-c4b9-48e3-978a-d4d0f1d42e24',
        refreshTokenId: '3c35b6f3-c4b9-48e3-978a-d4d0f1d42e24',
        ...fields,
      },
    })

  it.for([
    ['an empty access token', session({ accessToken: '' })],
    ['a zero lifetime', session({ accessTokenExpiresIn: 0 })],
    ['a negative lifetime', session({ accessTokenExpiresIn: -60 })],
    ['an infinite lifetime', session({ accessTokenExpiresIn: 1 }).replace('"accessTokenExpiresIn":1', '"accessTokenExpiresIn":1e400')],
    ['a lifetime of a hundred years', session({ accessTokenExpiresIn: 100 * 365 * 86_400 })],
    ['an empty refresh token', session({ refreshToken: '' })],
  ] as const)('%s is invalid_response and leaves the user signed out', async ([, body]) => {
    const env = testBackend({ clock: 'real', contract: false })
    await env.server.admin.createUser(alice)
    const storage = memoryStorage()
    const client = env.makeClient({ storage })
    stops.push(client.start())
    await client.ready()
    env.server.inject({ path: '/signin/email-password', fault: { kind: 'status', status: 200, body } })
    await expect(client.signInWithPassword(alice)).rejects.toMatchObject({ code: 'invalid_response' })
    expect(client.getSnapshot().status).toBe('signedOut')
    expect(storage.get()).toBeNull()
  })

  it('keeps the current session when a refresh answers an unusable one', async () => {
    const { server, client, storage } = await signedIn({ contract: false })
    const before = client.getSnapshot().session
    // a reply of the right shape (a bare Nhost Session) whose token is empty
    const empty = { accessToken: '', accessTokenExpiresIn: 900, refreshToken: crypto.randomUUID(), refreshTokenId: crypto.randomUUID() }
    server.inject({ path: '/token', fault: { kind: 'status', status: 200, body: JSON.stringify(empty) } })
    await expect(client.refresh()).rejects.toMatchObject({ code: 'invalid_response' })
    expect(client.getSnapshot().session).toBe(before)
    expect(JSON.parse(String(storage.get())).accessToken).toBe(before!.accessToken)
  })
})

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-22T10:00:00Z')
    expect(retryAfterMs('30', now)).toBe(30_000)
    expect(retryAfterMs('Sun, 22 Nov 2026 10:02:00 GMT', now)).toBe(120_000)
    expect(retryAfterMs('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0)
    expect(retryAfterMs('soon', now)).toBeUndefined()
    expect(retryAfterMs(null, now)).toBeUndefined()
  })

  it.for([429, 503])('waits as long as a %i asks before refreshing again', async (status) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    let busy = true
    const env = testBackend({ clock: 'real', accessTokenTtl: 900 })
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input, init)
      if (busy && new URL(request.url).pathname.endsWith('/token')) {
        busy = false
        return new Response(JSON.stringify({ status, error: 'internal-server-error', message: 'busy' }), { status, headers: { 'retry-after': '30' } })
      }
      return env.server.fetch(request)
    }
    await env.server.admin.createUser(alice)
    const client = env.makeClient({ fetch, storage: memoryStorage() })
    stops.push(client.start())
    await client.ready()
    await client.signInWithPassword(alice)
    await expect(client.refresh()).rejects.toMatchObject({ retryAfter: 30_000 })
    // the backoff alone would retry after 1 s, and coming back online at once
    window.dispatchEvent(new Event('online'))
    await vi.advanceTimersByTimeAsync(29_000)
    expect(env.server.count('/token')).toBe(0)
    await vi.advanceTimersByTimeAsync(1_500)
    await vi.waitFor(() => expect(env.server.count('/token')).toBe(1))
    expect(client.getSnapshot().error).toBeNull()
  })
})

describe('a refresh reply lost after the server rotated', () => {
  it('keeps the session: the retry gets the same successor within the reuse interval', async () => {
    const { server, client, storage } = await signedIn({ contract: false })
    const before = client.getSnapshot().session!
    // the server rotates, then the reply arrives garbled
    server.inject({ path: '/token', fault: { kind: 'malformed' } })
    await expect(client.refresh()).rejects.toMatchObject({ code: 'invalid_response' })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', session: before })
    // the retry presents the rotated token again and is answered with its successor
    const after = await client.refresh()
    expect(after?.refreshToken).not.toBe(before.refreshToken)
    expect(client.getSnapshot().status).toBe('signedIn')
    expect(JSON.parse(String(storage.get())).refreshToken).toBe(after?.refreshToken)
    expect(server.admin.activeRefreshTokens(alice.email)).toBe(1)
  })

  it('on a server without a reuse interval (the strictest): the token is held back, the session kept to its end, then ended saying why', async () => {
    let skew = 0
    const { server, client } = await signedIn({ contract: false, refreshTokenReuseInterval: 0 }, { now: () => Date.now() + skew })
    server.inject({ path: '/token', fault: { kind: 'malformed' } })
    await expect(client.refresh()).rejects.toMatchObject({ code: 'invalid_response' })
    const sent = server.count('/token')
    // sending it again now would present a token the server rotated: held back, the session kept
    await expect(client.refresh()).rejects.toMatchObject({ code: 'invalid_response' })
    expect(server.count('/token')).toBe(sent)
    expect(client.getSnapshot().status).toBe('signedIn')
    // 4 s before the access token (900 s) expires: the last call, which the server refuses
    skew = 896_000
    await expect(client.refresh()).rejects.toMatchObject({ code: 'invalid-refresh-token' })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedOut', error: { code: 'invalid-refresh-token' } })
  })
})
