// The same storm through the OpenID Connect adapter against a real provider (servers/oidc-provider:
// node-oidc-provider, refresh tokens rotated on every use, a used one refused with `invalid_grant` and
// its grant revoked — the strictest server there is). Tabs of one Chromium profile share the session
// in localStorage; its 60-s access tokens are refreshed by the tabs' own timers 5 s after each arrives.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer } from '../../servers/run.mjs'
import { createReferenceBackend } from '../../src/testing/index.ts'
import { on, serveStressPage, type StressRow, withoutWebLocks } from './harness.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function storm(browser: Browser, issuer: string, pageUrl: string, tabCount: number, rotations: number, legacy: boolean): Promise<StressRow> {
  let context: BrowserContext | undefined
  try {
    context = await browser.newContext()
    if (legacy) await withoutWebLocks(context)
    // every refresh the provider saw, and each it refused (a used token presented again: the grant revoked)
    let tokenCalls = 0
    let refused = 0
    let counting = false
    context.on('request', (request) => {
      if (counting && request.method() === 'POST' && request.url().startsWith(`${issuer}/token`) && request.postData()?.includes('grant_type=refresh_token')) tokenCalls += 1
    })
    context.on('response', (response) => {
      if (counting && response.url().startsWith(`${issuer}/token`) && response.status() === 400) refused += 1
    })
    const url = `${pageUrl}/?issuer=${encodeURIComponent(issuer)}&margin=55`
    const open = async () => {
      const page = await context!.newPage()
      await page.goto(url)
      await page.waitForFunction(() => 'stress' in window)
      await on(page, (stress) => stress.ready())
      return page
    }
    const first = await open()
    // the provider's own pages: any login name, then consent (offline_access: a refresh token)
    await on(first, (stress) => stress.toProvider())
    await first.waitForURL((target) => target.origin === issuer)
    await first.locator('input[name="login"]').fill(`storm-${crypto.randomUUID().slice(0, 6)}`)
    await first.locator('input[name="password"]').fill('any password')
    await first.getByRole('button', { name: 'Sign-in' }).click()
    await first.getByRole('button', { name: 'Continue' }).click()
    await first.waitForURL((target) => target.origin === pageUrl)
    await first.waitForFunction(() => 'stress' in window)
    const state = (page: Page) => on(page, (stress) => stress.state())
    for (let i = 0; i < 50 && (await state(first)).status !== 'signedIn'; i++) await sleep(100)
    const pages: Page[] = [first]
    for (let i = 1; i < tabCount; i++) pages.push(await open())
    counting = true

    let lostSessions = 0
    let tabsDiffering = 0
    let seen = (await state(first)).refreshToken
    let cycles = 0
    const deadline = Date.now() + rotations * 20_000 + 30_000
    while (cycles < rotations && Date.now() < deadline) {
      await sleep(250)
      const now = await state(first)
      if (now.status !== 'signedIn') break
      if (now.refreshToken === seen) continue
      seen = now.refreshToken
      cycles += 1
      // every tab follows within a few seconds
      let states = await Promise.all(pages.map(state))
      for (let i = 0; i < 40 && states.some((tab) => tab.refreshToken !== seen && tab.status === 'signedIn'); i++) {
        await sleep(100)
        states = await Promise.all(pages.map(state))
      }
      if (states.some((tab) => tab.refreshToken !== seen && tab.status === 'signedIn')) tabsDiffering += 1
    }
    // let a refresh still on its way land, then count who is still signed in
    await sleep(1_000)
    if ((await Promise.all(pages.map(state))).some((tab) => tab.status !== 'signedIn') || cycles < rotations) lostSessions += 1
    return {
      mode: `OpenID Connect (oidc-provider), refresh timers${legacy ? ', no Web Locks / BroadcastChannel' : ''}`,
      tabs: tabCount,
      cycles: Math.max(cycles, 1),
      tokenCalls,
      reuseDetections: refused,
      lostSessions,
      tabsDiffering,
    }
  } finally {
    await context?.close()
  }
}

/** The storm with and without Web Locks: `rotations` rotations seen by `tabs` tabs each. */
export async function runOidcStorm(browser: Browser, tabs: number, rotations: number): Promise<StressRow[]> {
  const provider = await startServer('oidc-provider')
  // the stress page (its reference backend unused here), on http://localhost like the provider's issuer
  const http = await serveStressPage(createReferenceBackend({ basePath: '/auth/v1' }))
  try {
    const issuer = provider.url.replace('127.0.0.1', 'localhost')
    return [await storm(browser, issuer, http.url, tabs, rotations, false), await storm(browser, issuer, http.url, tabs, rotations, true)]
  } finally {
    await http.close()
    await provider.stop()
  }
}
