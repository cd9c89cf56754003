import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../servers/run.mjs'
import { traceOf, uniqueEmail, useDemoInChromium } from './browser.ts'
import { fillSignUp, form, go, signIn } from './demo-pages.ts'

// The demo's <AuthFlow /> in Chromium against a real AuthHero (servers/authhero): the embedded forms
// (sign-up, password, e-mailed code, reset e-mail) calling AuthHero from the page, AuthHero's own
// login page and back, and the sign-out through its /v2/logout.

/** AuthHero's strength rules (upper and lower case, a digit, a symbol). */
const PASSWORD = 'Correct-horse-9!'

let authHero: RunningServer
let url = ''
beforeAll(async () => {
  authHero = await startServer('authhero')
  // its issuer: the tokens name `localhost`
  url = authHero.url.replace('127.0.0.1', 'localhost')
})
afterAll(() => authHero?.stop())

interface Mail {
  template: string
  data: Record<string, string>
}
/** The newest message AuthHero sent to `to` that `pick` accepts. */
async function mail(page: Page, to: string, pick: (m: Mail) => boolean): Promise<Mail> {
  let found: Mail | undefined
  await expect
    .poll(async () => (found = ((await (await page.request.get(`${url}/__outbox?to=${encodeURIComponent(to)}`)).json()) as Mail[]).findLast(pick)), { timeout: 15_000 })
    .toBeTruthy()
  return found!
}

/** Signs out from the user menu: AuthHero's /v2/logout sends the browser back to the demo, signed out. */
async function signOutThroughAuthHero(page: Page, demo: string) {
  await page.locator('[data-keyward-user-button] > button').click()
  await page.getByRole('button', { name: 'Sign out', exact: true }).click()
  await page.waitForURL(`${demo}/`)
  await page.getByText('Session: signedOut').waitFor()
}

describe('AuthHero, in Chromium', () => {
  const env = useDemoInChromium({ demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'authhero', VITE_AUTHHERO_URL: url }) })

  it('signs up, in with the password and with an e-mailed code, sends the reset e-mail, signs in on AuthHero’s page, and out', async () => {
    const context = await env.browser.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    // what the page said and AuthHero answered: shown when a sign-in does not come
    const { explain } = traceOf(page, url)
    const signedIn = () => page.getByText('Session: signedIn').waitFor().catch(explain)
    const email = uniqueEmail('authhero-e2e')
    await page.goto(env.demo.url)
    await page.getByText('on AuthHero').waitFor()

    // embedded sign-up: AuthHero's strength rules explained, then the account, signed in
    await page.getByRole('button', { name: 'Create one' }).click()
    await fillSignUp(page, email, undefined, 'password1')
    await page.getByText('Choose a stronger password: mix upper and lower case letters, digits and symbols.').waitFor()
    await form(page, 'Create your account').getByLabel('Password', { exact: true }).fill(PASSWORD)
    await form(page, 'Create your account').getByRole('button', { name: 'Create account' }).click()
    await signedIn()
    await expect.poll(() => page.locator('[data-keyward-user-button]').textContent()).toContain(email)
    await signOutThroughAuthHero(page, env.demo.url)

    // embedded password sign-in: a wrong password, then the right one
    await signIn(page, email, 'Wrong-horse-9!')
    await form(page, 'Sign in').getByText('Wrong email or password.').waitFor()
    await form(page, 'Sign in').getByLabel('Password').fill(PASSWORD)
    await form(page, 'Sign in').getByRole('button', { name: 'Sign in', exact: true }).click()
    await signedIn()
    // no refresh token on this path (authhero 0.162): the session lasts as long as its access token
    const stored = () => page.evaluate(() => JSON.parse(localStorage.getItem('keyward.demo.authhero') ?? '{}') as { accessToken?: string; refreshToken?: string | null })
    expect((await stored()).accessToken).toMatch(/^eyJ/)
    await signOutThroughAuthHero(page, env.demo.url)

    // a code by e-mail, from the sign-in form
    await form(page, 'Sign in').getByLabel('Email').fill(email)
    await form(page, 'Sign in').getByRole('button', { name: 'Email me a sign-in code' }).click()
    const byCode = form(page, 'Sign in with a code')
    await byCode.getByRole('button', { name: 'Send code' }).click()
    await byCode.getByText(`Enter the code we sent to ${email}.`).waitFor()
    const { code } = (await mail(page, email, (m) => Boolean(m.data.code))).data
    await byCode.getByLabel('Code').fill(code === '000000' ? '111111' : '000000')
    await byCode.getByRole('button', { name: 'Sign in' }).click()
    await byCode.getByText('That code is not right, or it expired.').waitFor()
    await byCode.getByLabel('Code').fill(code!)
    await byCode.getByRole('button', { name: 'Sign in' }).click()
    await signedIn()
    await signOutThroughAuthHero(page, env.demo.url)

    // the reset e-mail
    await go(page, 'Forgot password')
    await page.getByLabel('Email').fill(email)
    await page.getByRole('button', { name: 'Send link' }).click()
    await page.getByText('If an account exists for that address, a link is on its way.').waitFor()
    await mail(page, email, (m) => m.template === 'auth-password-reset')

    // AuthHero's own login page: the e-mail, then (past its e-mail-code offer) the password
    await page.goto(env.demo.url)
    await page.getByRole('button', { name: 'Continue with AuthHero' }).click()
    await page.waitForURL((to) => to.origin === url && to.pathname === '/u/login/identifier')
    await page.locator('input[name="username"]').fill(email)
    await page.locator('input[name="username"]').press('Enter')
    await page.waitForURL((to) => to.origin === url && to.pathname !== '/u/login/identifier')
    await page.goto(page.url().replace('/u/enter-code', '/u/enter-password'))
    await page.locator('input[name="password"]').fill(PASSWORD)
    await page.locator('input[name="password"]').press('Enter')
    // back on the demo, signed in, the code and state gone from the address bar; this path brings a
    // refresh token
    await page.waitForURL((to) => to.origin === env.demo.url)
    await signedIn()
    expect(new URL(page.url()).search).toBe('')
    expect((await stored()).refreshToken).toBeTruthy()
    await signOutThroughAuthHero(page, env.demo.url)
    expect(await page.evaluate(() => localStorage.getItem('keyward.demo.authhero'))).toBeNull()
    expect(errors).toEqual([])
    await context.close()
  }, 120_000)
})
