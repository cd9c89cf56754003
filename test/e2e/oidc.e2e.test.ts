import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../servers/run.mjs'
import { traceOf, useDemoInChromium } from './browser.ts'

// The OpenID Connect adapter in Chromium, on the demo, against a real oidc-provider (servers/
// oidc-provider): PKCE and the ID-token check in a real browser (WebCrypto, sessionStorage, CORS on
// the token endpoint), the provider's own login and consent pages, refresh with rotation, and the
// sign-out on the provider's page.

let provider: RunningServer
let issuer = ''
beforeAll(async () => {
  provider = await startServer('oidc-provider')
  issuer = provider.url.replace('127.0.0.1', 'localhost')
})
afterAll(() => provider?.stop())

describe('OpenID Connect, in Chromium', () => {
  const env = useDemoInChromium({ demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'oidc', VITE_OIDC_ISSUER: issuer }) })

  it('signs in on the provider’s page, refreshes with rotation, and signs out there', async () => {
    const context = await env.browser.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    // what the page said and which requests failed: shown if the refresh below does not come
    const { explain } = traceOf(page, issuer)
    await page.goto(env.demo.url)
    const host = new URL(issuer).host

    // the provider's own pages: any login name, then consent (offline_access: a refresh token)
    await page.getByRole('button', { name: `Continue with ${host}` }).click()
    await page.waitForURL((url) => url.origin === issuer)
    await page.locator('input[name="login"]').fill('ada')
    await page.locator('input[name="password"]').fill('any password')
    await page.getByRole('button', { name: 'Sign-in' }).click()
    await page.getByRole('button', { name: 'Continue' }).click()

    // back on the demo: signed in, the code and state gone from the address bar
    await page.waitForURL((url) => url.origin === env.demo.url)
    await page.getByText('Session: signedIn').waitFor()
    expect(new URL(page.url()).search).toBe('')
    await expect.poll(() => page.locator('[data-keyward-user-button]').textContent()).toContain('ada')
    const stored = () => page.evaluate(() => JSON.parse(localStorage.getItem('keyward.demo.oidc') ?? '{}') as { refreshToken?: string; idToken?: string })
    const first = await stored()
    expect(first.refreshToken).toBeTruthy()
    expect(first.idToken).toMatch(/^eyJ/)

    // 60-second access tokens: the session refreshes itself, with a new refresh token each time
    await expect
      .poll(async () => (await stored()).refreshToken, { timeout: 50_000, interval: 1000 })
      .not.toBe(first.refreshToken)
      .catch(explain)
    await page.getByText('Session: signedIn').waitFor()

    // sign-out: here first, then on the provider's page, which sends the browser back
    const menu = page.locator('[data-keyward-user-button] > button')
    await menu.click()
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click()
    await page.waitForURL((url) => url.origin === issuer)
    await page.getByRole('button', { name: 'Yes, sign me out' }).click()
    await page.waitForURL(`${env.demo.url}/`)
    await page.getByText('Session: signedOut').waitFor()
    expect(await page.evaluate(() => localStorage.getItem('keyward.demo.oidc'))).toBeNull()
    expect(errors).toEqual([])
    await context.close()
  }, 120_000)
})
