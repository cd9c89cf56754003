import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { uniqueEmail, useDemoInChromium } from './browser.ts'
import { code, expectAccessible, form, go, nextTotpCode, PASSWORD, signIn, signOut } from './demo-pages.ts'

const env = useDemoInChromium()

async function open(path: string): Promise<[BrowserContext, Page, string[]]> {
  const context = await env.browser.newContext()
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${env.demo.url}${path}`)
  return [context, page, errors]
}

async function outbox(page: Page, to: string, kind: string): Promise<string> {
  const messages: Array<{ to: string; kind: string; link: string }> = await (await page.request.get(`${env.demo.url}/auth/v1/__reference/outbox`)).json()
  const message = messages.reverse().find((m) => m.to === to && m.kind === kind)
  if (!message) throw new Error(`no ${kind} for ${to}`)
  return message.link
}


describe('drop-in forms in Chromium', () => {
  // the journeys themselves (sign-up, verification, TOTP, passkeys, reset, two tabs) are the
  // conformance suite's (conformance-nhost.e2e.test.ts); here, axe on each view they pass through
  it('passes axe on every view of the journeys: sign-up, two-step setup, passkeys, sign-in, the two-step challenge, forgot and reset (finished on the separate pages)', async () => {
    const [context, page, errors] = await open('/sign-up')
    const email = uniqueEmail('axe')
    await expectAccessible(page, 'sign-up')
    await form(page, 'Create your account').getByLabel('Email').fill(email)
    await form(page, 'Create your account').getByLabel('Password').fill(PASSWORD)
    await form(page, 'Create your account').getByRole('button', { name: 'Create account' }).click()
    await page.getByText('Session: signedIn').waitFor()

    await go(page, 'Two-step')
    await expectAccessible(page, 'mfa-setup: start')
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click()
    const secret = (await page.locator('[data-keyward-secret] code').textContent())!.replace(/\s/g, '')
    await expectAccessible(page, 'mfa-setup: scan')
    await page.getByLabel('Code').fill(code(secret))
    await page.getByRole('button', { name: 'Turn on' }).click()
    await page.getByText('Two-step verification is on.').waitFor()
    await go(page, 'Passkeys')
    await page.getByRole('button', { name: 'Add a passkey' }).waitFor()
    await expectAccessible(page, 'passkeys')

    await signOut(page)
    await go(page, 'Sign in')
    await expectAccessible(page, 'sign-in')
    await signIn(page, email, PASSWORD)
    const challenge = page.getByRole('heading', { name: 'Two-step verification' })
    await challenge.waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Two-step verification')
    await expectAccessible(page, 'mfa-challenge')

    await page.goto(`${env.demo.url}/forgot-password`)
    await expectAccessible(page, 'forgot-password')
    await page.getByLabel('Email').fill(email)
    await page.getByRole('button', { name: 'Send link' }).click()
    await page.getByText('If an account exists for that address, a link is on its way.').waitFor()
    await page.goto(await outbox(page, email, 'password-reset'))
    await page.getByLabel('New password', { exact: true }).waitFor()
    await expectAccessible(page, 'reset-password')
    // the separate pages finish the reset too (the conformance suite's goes through <AuthFlow />)
    await page.getByLabel('New password', { exact: true }).fill('a new password for the pages')
    await page.getByRole('button', { name: 'Save password' }).click()
    await page.getByText('Your password has been changed.').waitFor()
    expect(new URL(page.url()).search).toBe('')
    expect(errors).toEqual([])
    await context.close()
  })

  it('signs in and passes the two-step code with the keyboard alone', async () => {
    const [context, page] = await open('/')
    const email = uniqueEmail('keyboard')
    // an account with TOTP on, set up through the API
    const api = `${env.demo.url}/auth/v1`
    const { session } = await (await page.request.post(`${api}/signup/email-password`, { data: { email, password: PASSWORD } })).json()
    const auth = { authorization: `Bearer ${session.accessToken}` }
    const { totpSecret } = await (await page.request.get(`${api}/mfa/totp/generate`, { headers: auth })).json()
    const activation = code(totpSecret)
    expect((await page.request.post(`${api}/user/mfa`, { headers: auth, data: { code: activation, activeMfaType: 'totp' } })).status()).toBe(200)

    await expectAccessible(page, 'auth-flow')
    const email_ = page.getByLabel('Email')
    await email_.focus()
    await page.keyboard.type(email)
    await page.keyboard.press('Tab')
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor()
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe('one-time-code')
    await page.keyboard.type(await nextTotpCode(totpSecret, activation))
    await page.keyboard.press('Enter')
    await page.getByText('Session: signedIn').waitFor()
    await context.close()
  }, 120_000) // a wait of up to 30 s for a fresh TOTP window, then the work of a sign-in

  it('shows localized errors for a wrong password and a failing server, never the server text', async () => {
    const [context, page] = await open('/sign-in')
    await signIn(page, 'nobody@example.com', 'not the password')
    await form(page, 'Sign in').getByText('Wrong email or password.').waitFor()
    await expectAccessible(page, 'sign-in with error')

    await page.route('**/auth/v1/signin/email-password', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: '{"status":500,"error":"internal-server-error","message":"pq: connection refused 10.1.2.3"}' }),
    )
    await signIn(page, 'nobody@example.com', 'not the password')
    await form(page, 'Sign in').getByText('Something went wrong on our side. Try again in a moment.').waitFor()
    expect(await page.content()).not.toContain('10.1.2.3')
    await context.close()
  })

  it('passes axe on the remaining views', async () => {
    const [context, page] = await open('/verify-email?error=invalid-ticket&errorDescription=x')
    await page.getByText('This link has expired or was already used.').waitFor()
    await expectAccessible(page, 'verify-email error')
    for (const [path, text] of [
      ['/reset-password', 'This link has expired or was already used. Ask for a new one.'],
      ['/change-password', 'first.'],
      ['/sessions', 'first.'],
    ] as const) {
      await page.goto(`${env.demo.url}${path}`)
      await page.getByText(text, { exact: false }).first().waitFor()
      await expectAccessible(page, path)
    }
    await context.close()
  })
})
