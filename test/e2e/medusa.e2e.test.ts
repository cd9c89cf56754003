import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../servers/run.mjs'
import { uniqueEmail, useDemoInChromium } from './browser.ts'
import { expectAccessible, fillSignUp, form, NEW_PASSWORD, PASSWORD, signIn, signOut } from './demo-pages.ts'

// The demo's drop-in forms in Chromium against a real Medusa 1.20 on PostgreSQL (servers/medusa), in
// both of the adapter's modes: Medusa's session cookie, and its JWT in the page's storage.

let medusa: RunningServer
let medusaUrl = ''
beforeAll(async () => {
  medusa = await startServer('medusa', 240_000)
  // `localhost`: the page and the server are one site, so the browser keeps Medusa's session cookie
  medusaUrl = medusa.url.replace('127.0.0.1', 'localhost')
}, 300_000)
afterAll(() => medusa?.stop())

/** The reset token Medusa emitted for `email` (the shop's subscriber would e-mail it). */
async function resetToken(page: Page, email: string): Promise<string> {
  let token: string | undefined
  await expect
    .poll(
      async () => {
        const outbox = (await (await page.request.get(`${medusaUrl}/__outbox`)).json()) as Array<{ to: string; token: string }>
        return (token = outbox.filter((m) => m.to === email).at(-1)?.token)
      },
      { timeout: 20_000 },
    )
    .toBeTruthy()
  return token!
}

for (const mode of ['cookie', 'jwt'] as const) {
  describe(`Medusa in ${mode} mode, in Chromium`, () => {
    const env = useDemoInChromium({ demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'medusa', VITE_MEDUSA_URL: medusaUrl, VITE_MEDUSA_MODE: mode }) })

    it('signs up with names, signs in, keeps the session across a reload and a second tab, signs both out, resets the password', async () => {
      const context = await env.browser.newContext()
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      const email = uniqueEmail(`medusa-${mode}`)
      await page.goto(env.demo.url)
      await page.getByText('on Medusa').waitFor()

      // sign-up: the adapter declares the names, so the form asks for them
      await page.getByRole('button', { name: 'Create one' }).click()
      await expectAccessible(page, 'Medusa sign-up')
      await fillSignUp(page, email, { first: 'Ada', last: 'Lovelace' })
      await page.getByText('Session: signedIn').waitFor()
      await expect.poll(() => page.locator('[data-keyward-user-button]').textContent()).toContain('Ada Lovelace')
      const stored = await page.evaluate(() => localStorage.getItem('keyward.demo.medusa') ?? '')
      if (mode === 'cookie') expect(stored).not.toMatch(/eyJ/) // no token in JavaScript
      else expect(stored).toMatch(/"accessToken":"eyJ/)

      await signOut(page)
      await signIn(page, email, PASSWORD)
      await page.getByText('Session: signedIn').waitFor()

      // a reload: in cookie mode with the storage emptied first, restored by one GET /store/auth
      if (mode === 'cookie') await page.evaluate(() => localStorage.clear())
      const calls: string[] = []
      page.on('request', (request) => {
        if (request.url().startsWith(`${medusaUrl}/store/`) && request.method() !== 'OPTIONS') calls.push(`${request.method()} ${new URL(request.url()).pathname}`)
      })
      const seen: string[] = []
      await page.exposeFunction('keywardStatus', (status: string) => seen.push(status))
      await page.addInitScript(() => {
        new MutationObserver(() => {
          const status = document.querySelector('.note strong')?.textContent
          if (status) (window as unknown as { keywardStatus: (s: string) => void }).keywardStatus(status)
        }).observe(document, { subtree: true, childList: true, characterData: true })
      })
      await page.reload()
      await page.getByText('Session: signedIn').waitFor()
      await expect.poll(() => calls).toEqual(['GET /store/auth'])
      expect(seen).not.toContain('signedOut') // no flash of signed-out UI

      // a second tab sees the session; signing out in one ends both
      const second = await context.newPage()
      await second.goto(env.demo.url)
      await second.getByText('Session: signedIn').waitFor()
      await signOut(page)
      await second.getByText('Session: signedOut').waitFor()
      await second.close()

      // the wrong password and a taken address, in the form's words
      await signIn(page, email, 'not the password')
      await form(page, 'Sign in').getByText('Wrong email or password.').waitFor()
      await page.getByRole('button', { name: 'Create one' }).click()
      const again = await fillSignUp(page, email, { first: 'Ada', last: 'Lovelace' })
      await again.getByText('An account with this email already exists.').waitFor()
      expect(await again.getByLabel('Email').getAttribute('aria-invalid')).toBe('true')
      await again.getByRole('button', { name: 'Sign in' }).click()

      // forgot → the shop's link (token and e-mail) → a new password → sign in with it
      await page.getByRole('button', { name: 'Forgot password?' }).click()
      const forgot = form(page, 'Reset your password')
      await forgot.getByLabel('Email').fill(email)
      await forgot.getByRole('button', { name: 'Send link' }).click()
      await page.getByText('If an account exists for that address, a link is on its way.').waitFor()
      const token = await resetToken(page, email)
      await page.goto(`${env.demo.url}/?keyward=reset-password&${new URLSearchParams({ token, email })}`)
      const reset = form(page, 'Choose a new password')
      try {
        await reset.getByLabel('New password').waitFor({ timeout: 20_000 })
      } catch (error) {
        // what the page shows instead (diagnostics for a failure on a busy machine)
        throw new Error(`no reset form at ${page.url()}: ${await page.locator('main').innerText()}`, { cause: error })
      }
      await reset.getByLabel('New password').fill(NEW_PASSWORD)
      await reset.getByRole('button', { name: 'Save password' }).click()
      await form(page, 'Sign in').waitFor()
      expect(new URL(page.url()).search).toBe('') // the token left the address bar
      await signIn(page, email, NEW_PASSWORD)
      await page.getByText('Session: signedIn').waitFor()
      expect(errors).toEqual([])
      await context.close()
    }, 120_000)
  })
}
