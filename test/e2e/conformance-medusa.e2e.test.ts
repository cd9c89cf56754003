import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../servers/run.mjs'
import { conformanceTargets } from '../support/conformance-targets.ts'
import { uniqueEmail, useDemoInChromium } from './browser.ts'
import { expectAccessible, fillSignUp } from './demo-pages.ts'
import { describeConformance, newest } from './conformance.ts'

// The conformance suite on a real Medusa 1.20 on PostgreSQL (servers/medusa), in both of the adapter's
// modes: Medusa's session cookie, and its JWT in the page's storage; and what each mode keeps where. Medusa e-mails nothing itself: a
// shop's subscriber sends the reset token; its link (`?token=…&email=…`, as Medusa's starter storefronts
// build it) is built here from the token the test server records.

let medusa: RunningServer
let medusaUrl = ''
beforeAll(async () => {
  medusa = await startServer('medusa', 240_000)
  // `localhost`: the page and the server are one site, so the browser keeps Medusa's session cookie
  medusaUrl = medusa.url.replace('127.0.0.1', 'localhost')
}, 300_000)
afterAll(() => medusa?.stop())

for (const [mode, declared] of [['cookie', conformanceTargets.medusaCookie], ['jwt', conformanceTargets.medusaJwt]] as const) {
  describe(`Medusa in ${mode} mode`, () => {
    const env = useDemoInChromium({ demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'medusa', VITE_MEDUSA_URL: medusaUrl, VITE_MEDUSA_MODE: mode }) })
    describeConformance(declared, env, async (to, what) => {
      if (what !== 'reset-password') throw new Error(`conformance: Medusa sends no ${what} e-mail`)
      const list = async () => (await (await fetch(`${medusaUrl}/__outbox`)).json()) as Array<{ to: string; token: string }>
      const { token } = await newest(list, (m) => m.to === to, `reset token for ${to}`)
      return `${env.demo.url}/?${new URLSearchParams({ token, email: to })}`
    })

    // beside the journeys: what each mode keeps where
    it(mode === 'cookie' ? 'keeps no token in JavaScript, and restores the session from the cookie alone with one GET /store/auth' : 'keeps the JWT in the page’s storage', async () => {
      const context = await env.browser.newContext()
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      const email = uniqueEmail(`medusa-${mode}`)
      await page.goto(env.demo.url)
      await page.getByText('on Medusa').waitFor()
      await page.getByRole('button', { name: 'Create one' }).click()
      await expectAccessible(page, 'Medusa sign-up')
      await fillSignUp(page, email, { first: 'Ada', last: 'Lovelace' })
      await page.getByText('Session: signedIn').waitFor()
      await expect.poll(() => page.locator('[data-keyward-user-button]').textContent()).toContain('Ada Lovelace')
      const stored = await page.evaluate(() => localStorage.getItem('keyward.demo.medusa') ?? '')
      if (mode === 'jwt') {
        expect(stored).toMatch(/"accessToken":"eyJ/)
        expect(errors).toEqual([])
        return context.close()
      }
      expect(stored).not.toMatch(/eyJ/)
      // a reload with the storage emptied first: the cookie alone, confirmed by one GET /store/auth
      await page.evaluate(() => localStorage.clear())
      const calls: string[] = []
      page.on('request', (request) => {
        if (request.url().startsWith(`${medusaUrl}/store/`) && request.method() !== 'OPTIONS') calls.push(`${request.method()} ${new URL(request.url()).pathname}`)
      })
      await page.reload()
      await page.getByText('Session: signedIn').waitFor()
      await expect.poll(() => calls).toEqual(['GET /store/auth'])
      expect(errors).toEqual([])
      await context.close()
    }, 120_000)
  })
}
