import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createReferenceBackend } from '../../src/testing/index.ts'
import { expectWholeWrites, TOKEN_FAULTS, timeoutFor } from '../support/faults.ts'
import { on, serveStressPage, type StressWindow } from '../stress/harness.ts'
import { launchChromium } from './browser.ts'

// The /token fault matrix in real Chromium: two tabs on localStorage (Web Locks, BroadcastChannel,
// the IndexedDB handoff), one of them meets the fault. For each: the session kept or ended, recovery
// by itself, storage only ever written whole sessions (or removed), both tabs on the same session.
// test/core/fault-matrix.test.ts runs the same table in jsdom with simulated tabs.

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

/** What the page wrote to the session key, in order (`null`: removed). */
const writesIn = (page: Page) => page.evaluate(() => (window as unknown as { sessionWrites: Array<string | null> }).sessionWrites)

describe('faults on /token in Chromium, met by one of two tabs', () => {
  it.for(TOKEN_FAULTS)('%s: the session is %s', async ([label, outcome, fault]) => {
    const { context, a, b, email } = await twoTabs(timeoutFor(fault))
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
      expectWholeWrites(await writesIn(a), email)
      expectWholeWrites(await writesIn(b), email)
    } finally {
      await context.close()
    }
  })
})
