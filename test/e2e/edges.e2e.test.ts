import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { world, type World } from '../stress/edges.ts'
import { on, type StressWindow } from '../stress/harness.ts'
import { launchChromium } from './browser.ts'

// The session engine at the edges, as users' browsers behave: tabs of one Chromium profile on
// localStorage against the reference backend (test/stress/page.ts is the app), each case what a user
// would notice — signed out, a token family spent, a token left alive after sign-out, connections
// piling up — and what the server counted.

let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type Setup = World

/** `count` tabs signed in as one new user (see `world`). */
const signedInTabs = (count: number, options: Parameters<typeof world>[2] = {}) => world(browser, count, options)

describe('a tab closed while it holds the refresh lock', () => {
  it.for([
    ['without Web Locks (the IndexedDB lease)', true],
    ['with Web Locks', false],
  ] as const)('%s: the other tab takes over in time and keeps the session', async ([, legacy]) => {
    // a 10-s reuse interval: a tab that presents the token the closed tab spent within it is answered
    const setup = await signedInTabs(2, { legacy, refreshTokenReuseInterval: 10 })
    const [a, b] = setup.tabs as [Page, Page]
    try {
      const before = (await on(b, (stress) => stress.state())).refreshToken
      // a's refresh reaches the server, which rotates the token after 2 s; a is closed before the reply
      setup.server.inject({ path: '/token', fault: { kind: 'delay', ms: 2_000 } })
      await a.evaluate(() => void (window as unknown as StressWindow).stress.refresh())
      await sleep(500)
      const refreshed = on(b, (stress) => stress.refresh())
      await a.close()
      expect(await refreshed).toBe('ok')
      const after = await on(b, (stress) => stress.state())
      expect(after).toMatchObject({ status: 'signedIn', error: null })
      expect(after.refreshToken).not.toBe(before)
      expect(setup.server.refreshStats.reuseDetections).toBe(0)
      expect(setup.server.admin.activeRefreshTokens(setup.email)).toBe(1)
    } finally {
      await setup.close()
    }
  })
})

/** A /token reply shaped like a session whose access token lives `expiresIn` seconds (as JSON text). */
const sessionExpiringIn = (expiresIn: string) =>
  `{"accessToken":"a.b.c","accessTokenExpiresIn":${expiresIn},"refreshToken":"${crypto.randomUUID()}","refreshTokenId":"${crypto.randomUUID()}","user":null}`

describe('a fault that outlasts the reuse interval', () => {
  // The server rotates on every request; the reply the tabs get is broken. Access tokens live 40 s and
  // the tabs refresh 1 s before expiry, so the refresh the test starts is the only one until then.
  const TTL = 40
  it.for([
    ['a garbled 200', { kind: 'malformed' }],
    ['a proxy’s 502', { kind: 'status', status: 502, body: '<html>Bad gateway</html>', after: true }],
    ['a reply whose token expires at once', { kind: 'status', status: 200, body: sessionExpiringIn('0'), after: true }],
    // JSON's way to say -Infinity
    ['a reply whose token expired forever ago', { kind: 'status', status: 200, body: sessionExpiringIn('-1e999'), after: true }],
  ] as const)('%s: the session is kept and the token family never spent', async ([, given]) => {
    const setup = await signedInTabs(2, { refreshTokenReuseInterval: 10, accessTokenTtl: TTL, query: '?margin=1' })
    const [a, b] = setup.tabs as [Page, Page]
    try {
      setup.server.inject({ path: '/token', fault: given, times: 1_000 })
      expect(await on(a, (stress) => stress.refresh())).not.toBe('ok')
      // past the interval, and past where the backoff used to replay the spent token (1 + 2 + 4 + 8 s)
      await sleep(17_000)
      for (const tab of [a, b]) expect(await on(tab, (stress) => stress.state().status)).toBe('signedIn')
      expect(setup.server.refreshStats.reuseDetections).toBe(0)
      expect(setup.server.refreshStats.rotations).toBe(1)
    } finally {
      await setup.close()
    }
  })

  it('a fault that never reached the server: refreshed at the token’s end, once the fault is gone', async () => {
    const setup = await signedInTabs(2, { refreshTokenReuseInterval: 10, accessTokenTtl: TTL, query: '?margin=1' })
    const [a, b] = setup.tabs as [Page, Page]
    try {
      const before = (await on(a, (stress) => stress.state())).refreshToken
      setup.server.inject({ path: '/token', fault: { kind: 'status', status: 502, body: 'Bad gateway' }, times: 1_000 })
      expect(await on(a, (stress) => stress.refresh())).not.toBe('ok')
      await sleep(12_000)
      setup.server.clearFaults()
      await expect
        .poll(async () => [await on(a, (stress) => stress.state()), await on(b, (stress) => stress.state())], { timeout: TTL * 1000 })
        .toSatisfy(([x, y]) => x.status === 'signedIn' && x.refreshToken !== before && y.refreshToken === x.refreshToken)
      expect(setup.server.refreshStats.reuseDetections).toBe(0)
    } finally {
      await setup.close()
    }
  })
})

describe('sign-out racing a refresh', () => {
  /**
   * Runs `race` `count` times, each ending signed out in every tab: the refresh tokens of the user the
   * server still holds alive afterwards, summed (the tabs signed in again, from none, between races).
   */
  async function liveAfterRaces(setup: Setup, count: number, race: (index: number) => Promise<unknown>) {
    let live = 0
    for (let index = 0; index < count; index++) {
      await race(index)
      for (const tab of setup.tabs) await expect.poll(() => on(tab, (stress) => stress.state().status)).toBe('signedOut')
      await sleep(100)
      live += setup.server.admin.activeRefreshTokens(setup.email)
      setup.server.admin.revokeAllRefreshTokens()
      await setup.signIn()
    }
    return live
  }

  it('in one tab, the sign-out sent 0–19 ms after the refresh: no refresh token left alive (20 races)', async () => {
    const setup = await signedInTabs(2)
    try {
      const live = await liveAfterRaces(setup, 20, (race) => setup.tabs[0]!.evaluate((ms) => (window as unknown as StressWindow).stress.race(ms), race))
      expect(live).toBe(0)
    } finally {
      await setup.close()
    }
  })

  it('another tab’s refresh answered after the sign-out, on a server that revokes only the token presented: its successor is revoked too (10 races)', async () => {
    const setup = await signedInTabs(2, { signOutRevokes: 'token' })
    const [a, b] = setup.tabs as [Page, Page]
    try {
      const live = await liveAfterRaces(setup, 10, async (race) => {
        // the server rotates b's token at once, its reply reaches b 150 ms later; a signs out meanwhile
        setup.server.inject({ path: '/token', fault: { kind: 'delay', ms: 150, after: true } })
        const refreshed = on(b, (stress) => stress.refresh())
        await sleep(30 + race * 5)
        await on(a, (stress) => stress.signOut())
        await refreshed
      })
      expect(live).toBe(0)
    } finally {
      await setup.close()
    }
  })
})

it('a stopped client holds no IndexedDB connection, channel, listener or timer', async () => {
  const setup = await signedInTabs(1)
  const [page] = setup.tabs as [Page]
  try {
    await setup.context.addInitScript(() => {
      const open = { idb: 0, channels: 0, listeners: 0, timers: new Set<unknown>() }
      const openDb = IDBFactory.prototype.open
      IDBFactory.prototype.open = function (...args: Parameters<IDBFactory['open']>) {
        const request = openDb.apply(this, args)
        request.addEventListener('success', () => (open.idb += 1))
        return request
      }
      const closeDb = IDBDatabase.prototype.close
      IDBDatabase.prototype.close = function () {
        open.idb -= 1
        return closeDb.call(this)
      }
      const Channel = BroadcastChannel
      globalThis.BroadcastChannel = class extends Channel {
        constructor(name: string) {
          super(name)
          open.channels += 1
        }
        override close() {
          open.channels -= 1
          super.close()
        }
      }
      const tracked = new Set(['online', 'focus', 'visibilitychange', 'storage', 'pagehide'])
      for (const target of [window, document] as EventTarget[]) {
        const add = target.addEventListener.bind(target)
        const remove = target.removeEventListener.bind(target)
        const seen = new Set<unknown>()
        target.addEventListener = (type: string, listener: never, options?: never) => {
          if (tracked.has(type) && !seen.has(listener)) {
            seen.add(listener)
            open.listeners += 1
          }
          add(type, listener, options)
        }
        target.removeEventListener = (type: string, listener: never, options?: never) => {
          if (tracked.has(type) && seen.delete(listener)) open.listeners -= 1
          remove(type, listener, options)
        }
      }
      const set = window.setTimeout.bind(window)
      const clear = window.clearTimeout.bind(window)
      window.setTimeout = ((handler: () => void, ms?: number, ...rest: unknown[]) => {
        const id: number = set(() => {
          open.timers.delete(id)
          handler()
        }, ms, ...rest)
        // the long ones: a refresh timer, a lease, a lock's wait (short sleeps end by themselves)
        if ((ms ?? 0) >= 1000) open.timers.add(id)
        return id
      }) as typeof setTimeout
      window.clearTimeout = ((id: number) => {
        open.timers.delete(id)
        clear(id)
      }) as typeof clearTimeout
      Object.assign(window, { openResources: () => ({ idb: open.idb, channels: open.channels, listeners: open.listeners, timers: open.timers.size }) })
    })
    await page.reload()
    await page.waitForFunction(() => 'stress' in window)
    await expect.poll(() => on(page, (stress) => stress.state().status)).toBe('signedIn')
    const count = () => page.evaluate(() => (window as unknown as { openResources(): Record<string, number> }).openResources())
    // the app's own client: loaded and settled
    await on(page, (stress) => stress.refresh())
    await sleep(200)
    const before = await count()
    await on(page, (stress) => stress.churn(25))
    await sleep(200)
    expect(await count()).toEqual(before)
  } finally {
    await setup.close()
  }
})

it('adoptSession refuses what is not a session with invalid_input, and keeps the session', async () => {
  const setup = await signedInTabs(1)
  const [page] = setup.tabs as [Page]
  try {
    const before = await on(page, (stress) => stress.state())
    for (const value of [null, 42, 'token', [], {}, { accessToken: 7 }, { accessToken: 'a.b.c', refreshToken: 5, accessTokenExpiresAt: null, user: null }]) {
      expect(await page.evaluate((v) => (window as unknown as StressWindow).stress.adopt(v), value), JSON.stringify(value)).toBe('invalid_input')
    }
    expect(await on(page, (stress) => stress.state())).toEqual(before)
  } finally {
    await setup.close()
  }
})
