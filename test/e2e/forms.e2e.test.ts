import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { uniqueEmail, useDemoInChromium } from './browser.ts'
import { code, expectAccessible, form, go, NEW_PASSWORD, nextTotpCode, PASSWORD, signIn, signInWithPasskeyTwice, signOut } from './demo-pages.ts'

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
  it('runs the whole journey: sign-up, verification, TOTP, passkeys, password reset', async () => {
    const [context, page, errors] = await open('/sign-up')
    const email = uniqueEmail('journey')
    const cdp = await context.newCDPSession(page)
    await cdp.send('WebAuthn.enable')
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    })

    // sign up, then follow the verification link from the outbox
    await expectAccessible(page, 'sign-up')
    await form(page, 'Create your account').getByLabel('Email').fill(email)
    await form(page, 'Create your account').getByLabel('Password').fill(PASSWORD)
    await form(page, 'Create your account').getByRole('button', { name: 'Create account' }).click()
    await page.getByText('Session: signedIn').waitFor()
    await page.goto(await outbox(page, email, 'email-verification'))
    // <VerifyEmail /> exchanges the token, cleans the address bar and goes home
    await page.waitForURL((url) => url.pathname === '/' && !url.search.includes('refreshToken'))
    await page.getByText('Session: signedIn').waitFor()

    // sign out and in with the password
    await signOut(page)
    await go(page, 'Sign in')
    await expectAccessible(page, 'sign-in')
    await signIn(page, email, PASSWORD)
    await page.getByText('Session: signedIn').waitFor()

    // set up TOTP with a code computed from the secret on the page
    await go(page, 'Two-step')
    await expectAccessible(page, 'mfa-setup: start')
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click()
    const secret = (await page.locator('[data-keyward-secret] code').textContent())!.replace(/\s/g, '')
    await expectAccessible(page, 'mfa-setup: scan')
    const activation = code(secret)
    await page.getByLabel('Code').fill(activation)
    await page.getByRole('button', { name: 'Turn on' }).click()
    await page.getByText('Two-step verification is on.').waitFor()

    // sign out, sign in with TOTP
    await signOut(page)
    await go(page, 'Sign in')
    await signIn(page, email, PASSWORD)
    const challenge = page.getByRole('heading', { name: 'Two-step verification' })
    await challenge.waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Two-step verification')
    await expectAccessible(page, 'mfa-challenge')
    await page.getByLabel('Code').fill(await nextTotpCode(secret, activation))
    await page.getByRole('button', { name: 'Verify' }).click()
    await page.getByText('Session: signedIn').waitFor()

    // add a passkey with the virtual authenticator, sign in with it by button, then by autofill
    await go(page, 'Passkeys')
    await expectAccessible(page, 'passkeys')
    await page.getByRole('button', { name: 'Add a passkey' }).click()
    await page.getByText('Passkey added.').waitFor()
    await signInWithPasskeyTwice(page, env.demo.url)

    // forgot password → reset through the outbox link → sign in with the new password (and TOTP);
    // signed out away from the sign-in page, whose autofill would sign the passkey straight back in
    await page.goto(`${env.demo.url}/forgot-password`)
    await signOut(page)
    await expectAccessible(page, 'forgot-password')
    await page.getByLabel('Email').fill(email)
    await page.getByRole('button', { name: 'Send link' }).click()
    await page.getByText('If an account exists for that address, a link is on its way.').waitFor()
    await page.goto(await outbox(page, email, 'password-reset'))
    await page.getByLabel('New password', { exact: true }).waitFor()
    await expectAccessible(page, 'reset-password')
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Save password' }).click()
    await page.getByText('Your password has been changed.').waitFor()
    // from a device without the passkey (else the sign-in form's autofill would answer at once)
    await cdp.send('WebAuthn.clearCredentials', { authenticatorId })
    await page.goto(`${env.demo.url}/`)
    await signOut(page)
    await go(page, 'Sign in')
    await signIn(page, email, NEW_PASSWORD)
    await challenge.waitFor()
    await page.getByLabel('Code').fill(await nextTotpCode(secret, code(secret)))
    await page.getByRole('button', { name: 'Verify' }).click()
    await page.getByText('Session: signedIn').waitFor()
    expect(errors).toEqual([])
    await context.close()
  }, 180_000) // two waits for a fresh 30-second TOTP window

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

  it('signs the other tab out when the user signs out from the menu', async () => {
    const email = uniqueEmail('tabs')
    const [context, first] = await open('/sign-up')
    await form(first, 'Create your account').getByLabel('Email').fill(email)
    await form(first, 'Create your account').getByLabel('Password').fill(PASSWORD)
    await form(first, 'Create your account').getByRole('button', { name: 'Create account' }).click()
    await first.getByText('Session: signedIn').waitFor()
    const second = await context.newPage()
    await second.goto(`${env.demo.url}/`)
    await second.getByText('Session: signedIn').waitFor()
    await signOut(first)
    await second.getByRole('heading', { name: 'Sign in' }).waitFor()
    await context.close()
  })
})
