import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createReferenceBackend, type Fault } from '../../src/testing/index.ts'
import { serveStressPage, type StressWindow } from '../stress/harness.ts'
import { launchChromium } from './browser.ts'

// The /token fault matrix in real Chromium: two tabs on localStorage (Web Locks, BroadcastChannel,
// the IndexedDB handoff), one of them meets the fault. For each: the session kept or ended, recovery
// by itself, storage only ever written whole sessions (or removed), both tabs on the same session.
// test/core/fault-matrix.test.ts runs the same table in jsdom with simulated tabs.

const REQUEST_TIMEOUT = 2_000
const SLOW_REPLY = 2 * REQUEST_TIMEOUT
const json = (status: number, error: string) => JSON.stringify({ status, error, message: 'refused' })
const html = '<html><body>Bad gateway</body></html>'
const faults: Array<[string, 'kept' | 'ended', Fault]> = [
  ['a dropped connection', 'kept', { kind: 'network' }],
  ['a 500', 'kept', { kind: 'status', status: 500, body: json(500, 'internal-server-error') }],
  ['a 502 with an HTML body', 'kept', { kind: 'status', status: 502, body: html }],
  ['a 503 with an HTML body', 'kept', { kind: 'status', status: 503, body: html }],
  ['a 429', 'kept', { kind: 'status', status: 429 }],
  ['a garbled 200 before the server rotated', 'kept', { kind: 'status', status: 200, body: '{"accessToken": "ab' }],
  ['a garbled 200 after the server rotated', 'kept', { kind: 'malformed' }],
  ['a 200 of the wrong shape', 'kept', { kind: 'status', status: 200, body: '{"ok":true}' }],
  ['a reply slower than the request timeout', 'kept', { kind: 'delay', ms: SLOW_REPLY }],
  ['invalid-refresh-token', 'ended', { kind: 'status', status: 401, body: json(401, 'invalid-refresh-token') }],
]

const PASSWORD = 'fault matrix password'
const server = createReferenceBackend({ basePath: '/auth/v1', passwordHashIterations: 1000 })
let browser: Browser
let http: Awaited<ReturnType<typeof serveStressPage>>

beforeAll(async () => {
  browser = await launchChromium()
  http = await serveStressPage(server)
})
afterAll(async () => {
  await browser?.close()
  await http?.close()
})

const on = <T,>(page: Page, fn: (stress: StressWindow['stress']) => T | Promise<T>) =>
  page.evaluate(`(${fn.toString()})(window.stress)`) as Promise<T>

async function twoTabs(timeout: number | undefined): Promise<{ context: BrowserContext; a: Page; b: Page; email: string }> {
  const email = `faults-${crypto.randomUUID().slice(0, 8)}@example.com`
  await server.admin.createUser({ email, password: PASSWORD })
  const context = await browser.newContext()
  // every value either tab writes to the session key, in order
  await context.addInitScript(() => {
    const writes: Array<string | null> = []
    const { setItem, removeItem } = Storage.prototype
    Storage.prototype.setItem = function (key: string, value: string) {
      if (key === 'keyward.stress') writes.push(value)
      return setItem.call(this, key, value)
    }
    Storage.prototype.removeItem = function (key: string) {
      if (key === 'keyward.stress') writes.push(null)
      return removeItem.call(this, key)
    }
    Object.assign(window, { sessionWrites: writes })
  })
  const open = async () => {
    const page = await context.newPage()
    await page.goto(`${http.url}/${timeout ? `?timeout=${timeout}` : ''}`)
    await page.waitForFunction(() => 'stress' in window)
    await on(page, (stress) => stress.ready())
    return page
  }
  const a = await open()
  const b = await open()
  await a.evaluate(([e, p]) => (window as unknown as StressWindow).stress.signIn(e!, p!), [email, PASSWORD])
  await expect.poll(() => on(b, (stress) => stress.state().status)).toBe('signedIn')
  return { context, a, b, email }
}

/** Every value written to storage in the page was a whole session with a token and a finite expiry, or a removal. */
async function expectWholeWrites(page: Page) {
  const writes = (await page.evaluate(() => (window as unknown as { sessionWrites: Array<string | null> }).sessionWrites)) ?? []
  for (const write of writes) {
    if (write === null) continue
    const session = JSON.parse(write) as Record<string, unknown>
    expect(typeof session.accessToken).toBe('string')
    expect(typeof session.refreshToken).toBe('string')
    expect(Number.isFinite(session.accessTokenExpiresAt)).toBe(true)
    expect(session.user).toMatchObject({ email: expect.any(String) })
  }
}

describe('faults on /token in Chromium, met by one of two tabs', () => {
  it.for(faults)('%s: the session is %s', async ([label, outcome, fault]) => {
    const { context, a, b, email } = await twoTabs(fault.kind === 'delay' ? REQUEST_TIMEOUT : undefined)
    try {
      const before = await on(a, (stress) => stress.state())
      // Chromium resends a request by itself when a reused keep-alive connection drops before any
      // reply (once per idle connection it has): the network stays down until the page has seen it
      server.inject({ path: '/token', fault, times: fault.kind === 'network' ? 100 : 1 })
      expect(await on(a, (stress) => stress.refresh()), label).not.toBe('ok')
      server.clearFaults()

      if (outcome === 'ended') {
        await expect.poll(() => on(b, (stress) => stress.state().status)).toBe('signedOut')
        expect(await on(a, (stress) => stress.state())).toMatchObject({ status: 'signedOut', error: 'invalid-refresh-token' })
        expect(await on(b, (stress) => stress.stored())).toBeNull()
      } else {
        // kept: nothing changed in either tab or in storage, and the error is there to see
        expect(await on(a, (stress) => stress.state())).toMatchObject({ status: 'signedIn', refreshToken: before.refreshToken, error: expect.any(String) })
        expect((await on(b, (stress) => stress.state())).refreshToken).toBe(before.refreshToken)
        // recovers by itself (the backoff retries after 1 s; a slow reply's retry after it landed), in both tabs
        await expect
          .poll(async () => [await on(a, (stress) => stress.state()), await on(b, (stress) => stress.state())], { timeout: 20_000 })
          .toSatisfy(([x, y]) => x.status === 'signedIn' && x.error === null && x.refreshToken !== before.refreshToken && y.refreshToken === x.refreshToken)
        const stored = JSON.parse(String(await on(b, (stress) => stress.stored()))) as { refreshToken: string }
        expect(stored.refreshToken).toBe((await on(a, (stress) => stress.state())).refreshToken)
        expect(server.admin.activeRefreshTokens(email)).toBe(1)
      }
      await expectWholeWrites(a)
      await expectWholeWrites(b)
    } finally {
      await context.close()
    }
  })
})
