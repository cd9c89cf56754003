import { describe, expect, it } from 'vitest'
import { conformanceTargets } from '../support/conformance-targets.ts'
import { useAuthJsDemo } from './browser.ts'
import { describeConformance, newest } from './conformance.ts'

// The conformance suite on a real Auth.js (servers/authjs: @auth/core with Credentials, an e-mail
// provider, Passkey and the tests' OpenID Connect provider), on the demo's origin as in a Next.js app.

const env = useAuthJsDemo()

describe('Auth.js', () => {
  describeConformance(conformanceTargets.authJs, env, async (to, what) => {
    if (what !== 'magic-link') throw new Error(`conformance: Auth.js sends no ${what} e-mail`)
    // the Auth.js server's outbox, proxied on the demo's origin
    const list = async () => (await (await fetch(`${env.demo.url}/__outbox`)).json()) as Array<{ to: string; link: string }>
    return (await newest(list, (m) => m.to === to, `sign-in link to ${to}`)).link
  })
})

describe('Auth.js beside the journeys', () => {

  it('signs in with an OAuth provider from <AuthFlow />’s button and comes back signed in, the address bar clean', async () => {
    const context = await env.browser.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(env.demo.url)
    await page.locator('[data-keyward-flow]').getByRole('button', { name: 'Continue with Keyward Test OIDC' }).click()
    // the provider's own pages (oidc-provider's development login and consent)
    await page.waitForURL((url) => url.origin === env.issuer)
    await page.locator('input[name="login"]').fill('oauth-user@example.com')
    await page.locator('input[name="password"]').fill('any')
    await page.getByRole('button', { name: 'Sign-in' }).click()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL((url) => url.origin === env.demo.url)
    await page.locator('[data-keyward-user-button]').waitFor({ timeout: 15_000 })
    await expect.poll(() => page.locator('[data-keyward-user-button]').textContent()).toContain('oauth-user@example.com')
    expect(new URL(page.url()).search).toBe('')
    // and after a reload, from Auth.js's cookie alone
    await page.reload()
    await page.locator('[data-keyward-user-button]').waitFor({ timeout: 15_000 })
    expect(errors).toEqual([])
    await context.close()
  }, 60_000)
})
