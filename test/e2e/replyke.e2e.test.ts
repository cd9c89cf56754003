import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ReplykeStandIn, replykeStandIn } from '../standins/replyke.ts'
import { serveStandIn } from '../standins/serve.ts'
import { uniqueEmail, useDemoInChromium } from './browser.ts'
import { fillSignUp, form, go, NEW_PASSWORD, PASSWORD, signIn, signInAfterPasswordChange, signOut } from './demo-pages.ts'

// The demo's drop-in forms in Chromium against the Replyke stand-in (test/standins/replyke.ts; Replyke's
// server is not published), on both API versions: v7 adds the reset by e-mail.

for (const version of ['v6', 'v7'] as const) {
  describe(`Replyke ${version}, in Chromium`, () => {
    let standIn: ReplykeStandIn
    let served: { url: string; stop: () => Promise<void> }
    beforeAll(async () => {
      standIn = replykeStandIn({ rateLimits: false })
      served = await serveStandIn(standIn)
    })
    afterAll(() => served?.stop())
    const env = useDemoInChromium({
      demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'replyke', VITE_REPLYKE_URL: served.url, VITE_REPLYKE_PROJECT: standIn.projectId, VITE_REPLYKE_VERSION: version }),
    })

    it(`signs up with a name, in and out, changes the password${version === 'v7' ? ', and resets it by e-mail' : ''}`, async () => {
      const context = await env.browser.newContext()
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      const email = uniqueEmail(`replyke-${version}`)
      await page.goto(env.demo.url)
      await page.getByText('on Replyke').waitFor()

      // sign-up: the adapter declares an optional name and username
      await page.getByRole('button', { name: 'Create one' }).click()
      await form(page, 'Create your account').getByLabel('Name', { exact: true }).fill('Ada Lovelace')
      await fillSignUp(page, email)
      await page.getByText('Session: signedIn').waitFor()
      await expect.poll(() => page.locator('[data-keyward-user-button]').textContent()).toContain('Ada Lovelace')

      // out and in (the address typed in capitals: Replyke looks it up as sent, the adapter lowercases it)
      await signOut(page)
      await signIn(page, email.toUpperCase(), PASSWORD)
      await page.getByText('Session: signedIn').waitFor()

      // a new password, asked with the current one (a wrong one explained)
      await go(page, 'Change password')
      const change = form(page, 'Change password')
      await change.getByLabel('Current password').fill('not my password')
      await change.getByLabel('New password').fill(NEW_PASSWORD)
      await change.getByRole('button', { name: 'Change password' }).click()
      await change.getByText('Your current password is not right.').waitFor()
      await change.getByLabel('Current password').fill(PASSWORD)
      await change.getByRole('button', { name: 'Change password' }).click()
      await page.getByText('Your password has been changed.').waitFor()

      // the old password no longer signs in; the new one does
      await signInAfterPasswordChange(page, email, PASSWORD, NEW_PASSWORD)
      expect(standIn.requests.filter((r) => r.path === '/auth/sign-out').map((r) => r.status)).toEqual([204, 204])

      if (version === 'v7') {
        // the reset: the e-mail (the stand-in's outbox), its link to the demo's reset page, a new password
        await signOut(page)
        await go(page, 'Forgot password')
        await page.getByLabel('Email').fill(email)
        await page.getByRole('button', { name: 'Send link' }).click()
        await page.getByText('If an account exists for that address, a link is on its way.').waitFor()
        await page.goto(`${env.demo.url}/reset-password?token=${standIn.lastMessage(email, 'password-reset').token}`)
        await page.getByLabel('New password', { exact: true }).fill('reset by e-mail')
        await page.getByRole('button', { name: 'Save password' }).click()
        await page.getByText('Your password has been changed.').waitFor()
        expect(new URL(page.url()).searchParams.has('token')).toBe(false)
        await go(page, 'Sign in')
        await signIn(page, email, 'reset by e-mail')
        await page.getByText('Session: signedIn').waitFor()
      } else {
        // v6 has no reset: the sign-in form offers none
        await signOut(page)
        await go(page, 'Sign in')
        await expect.poll(() => form(page, 'Sign in').getByRole('button', { name: 'Forgot password?' }).count()).toBe(0)
      }
      expect(errors).toEqual([])
      await context.close()
    }, 120_000)
  })
}
