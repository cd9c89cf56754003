import { TOTP, Secret } from 'otpauth'
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { uniqueEmail, useDemoInChromium } from './browser.ts'

const env = useDemoInChromium()

const PASSWORD = 'correct horse battery'
const form = (page: Page, name: string) => page.getByRole('form', { name })
const signedInHeading = (page: Page, email: string) => page.getByRole('heading', { name: `Signed in as ${email}` })

async function signUp(page: Page, email: string) {
  const signUpForm = form(page, 'With a password')
  await signUpForm.getByLabel('E-mail').fill(email)
  await signUpForm.getByLabel('Password').fill(PASSWORD)
  await signUpForm.getByRole('button', { name: 'Sign up' }).click()
  await signedInHeading(page, email).waitFor()
}

async function signInWithPassword(page: Page, email: string, password = PASSWORD) {
  const signIn = form(page, 'Sign in')
  await signIn.getByLabel('E-mail').fill(email)
  await signIn.getByLabel('Password').fill(password)
  await signIn.getByRole('button', { name: 'Sign in', exact: true }).click()
}

async function outboxLink(page: Page, to: string, kind: string): Promise<string> {
  const messages: Array<{ to: string; kind: string; link: string }> = await (await page.request.get(`${env.demo.url}/auth/v1/__reference/outbox`)).json()
  const message = messages.reverse().find((m) => m.to === to && m.kind === kind)
  if (!message) throw new Error(`no ${kind} for ${to}`)
  return message.link
}

async function newPage(): Promise<[BrowserContext, Page, string[]]> {
  const context = await env.browser.newContext()
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${env.demo.url}/hooks`)
  return [context, page, errors]
}

describe('demo hooks page in Chromium', () => {
  it('signs up, survives a reload, signs out, shows a wrong password, signs in again', async () => {
    const email = uniqueEmail('newcomer')
    const [context, page, errors] = await newPage()
    await signUp(page, email)
    await page.reload()
    // restored from localStorage; the sign-in form never flashes
    await signedInHeading(page, email).waitFor()
    expect(await form(page, 'Sign in').count()).toBe(0)

    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await signInWithPassword(page, email, 'not my password')
    await form(page, 'Sign in').getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor()
    await signInWithPassword(page, email)
    await signedInHeading(page, email).waitFor()
    expect(errors).toEqual([])
    await context.close()
  })

  it('signs a second tab out when the first signs out', async () => {
    const email = uniqueEmail('two-tabs')
    const [context, first] = await newPage()
    await signUp(first, email)
    const second = await context.newPage()
    await second.goto(`${env.demo.url}/hooks`)
    await signedInHeading(second, email).waitFor()
    await first.getByRole('button', { name: 'Sign out', exact: true }).click()
    await form(second, 'Sign in').waitFor()
    expect(await second.evaluate(() => localStorage.getItem('keyward.demo.nhost'))).toBeNull()
    await context.close()
  })

  it('verifies the e-mail through the outbox link and keeps the token out of the address bar', async () => {
    const email = uniqueEmail('verify')
    const [context, page] = await newPage()
    await signUp(page, email)
    await page.goto(await outboxLink(page, email, 'email-verification'))
    await page.getByText('Your e-mail address is verified.').waitFor()
    expect(page.url()).not.toContain('refreshToken')
    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await context.close()
  })

  it('sets up TOTP from the shown secret, then needs the code to sign in', async () => {
    const email = uniqueEmail('totp')
    const [context, page, errors] = await newPage()
    await signUp(page, email)
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click()
    const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '')
    const code = () => new TOTP({ secret: Secret.fromBase32(secret) }).generate()
    await form(page, 'Scan, then confirm').getByLabel('Code from the app').fill(code())
    await page.getByRole('button', { name: 'Turn on' }).click()
    await page.getByRole('heading', { name: 'Two-factor authentication: on' }).waitFor()

    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await signInWithPassword(page, email)
    const challenge = form(page, 'Two-factor code')
    await challenge.getByLabel('Code from your authenticator app').fill('000000')
    await challenge.getByRole('button', { name: 'Verify' }).click()
    await challenge.getByText('That code is not right.', { exact: false }).waitFor()
    // the activation code is spent: wait for the next 30-second step
    const used = code()
    await expect.poll(code, { timeout: 35_000, interval: 1000 }).not.toBe(used)
    await challenge.getByLabel('Code from your authenticator app').fill(code())
    await challenge.getByRole('button', { name: 'Verify' }).click()
    await signedInHeading(page, email).waitFor()
    expect(errors).toEqual([])
    await context.close()
  }, 120_000) // a wait of up to 30 s for a fresh TOTP window, then the work of a sign-in

  it('adds a passkey with the virtual authenticator and signs in with it, by button and by autofill', async () => {
    const email = uniqueEmail('passkey')
    const [context, page, errors] = await newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('WebAuthn.enable')
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    })
    await signUp(page, email)
    await form(page, 'Add a passkey').getByRole('button', { name: 'Add a passkey' }).click()
    await page.getByText('Passkey added.').waitFor()
    const signCount = async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0]!.signCount
    const afterAdd = await signCount()

    // button (on a page without autofill: the virtual authenticator would answer that at once)
    await page.goto(`${env.demo.url}/hooks?autofill=off`)
    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
    await signedInHeading(page, email).waitFor()
    expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials).toHaveLength(1)
    expect(await signCount()).toBe(afterAdd + 1)

    // autofill: the sign-in form's conditional request is answered as the user picks the passkey
    await page.goto(`${env.demo.url}/hooks`)
    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    // the heading of the session being signed out may still be on screen: wait for the assertion the
    // autofill request makes (the authenticator's counter), then for the session it starts
    await expect.poll(signCount, { timeout: 15_000 }).toBe(afterAdd + 2)
    await signedInHeading(page, email).waitFor()
    expect(errors).toEqual([])
    await context.close()
  })
})
