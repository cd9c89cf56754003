import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, startDemo } from './browser.ts'

let browser: Browser
let demo: Awaited<ReturnType<typeof startDemo>>

beforeAll(async () => {
  demo = await startDemo()
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await demo?.server.close()
})

async function signUp(page: Page, email: string, password: string) {
  await page.locator('#signup-email').fill(email)
  await page.locator('#signup-password').fill(password)
  await page.getByRole('button', { name: 'Sign up' }).click()
  await page.getByRole('heading', { name: `Signed in as ${email}` }).waitFor()
}

describe('demo in Chromium', () => {
  it('signs up, survives a reload, signs out, shows a wrong password, signs in again', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(demo.url)

    await signUp(page, 'newcomer@example.com', 'correct horse battery')
    await page.reload()
    // restored from localStorage; the sign-in form never flashes
    await page.getByRole('heading', { name: 'Signed in as newcomer@example.com' }).waitFor()
    expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(0)

    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await page.locator('#signin-email').fill('newcomer@example.com')
    await page.locator('#signin-password').fill('not my password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('Wrong e-mail or password.')

    await page.locator('#signin-password').fill('correct horse battery')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Signed in as newcomer@example.com' }).waitFor()
    expect(errors).toEqual([])
    await context.close()
  })

  it('signs a second tab out when the first signs out', async () => {
    const context: BrowserContext = await browser.newContext()
    const first = await context.newPage()
    await first.goto(demo.url)
    await signUp(first, 'two-tabs@example.com', 'correct horse battery')
    const second = await context.newPage()
    await second.goto(demo.url)
    await second.getByRole('heading', { name: 'Signed in as two-tabs@example.com' }).waitFor()

    await first.getByRole('button', { name: 'Sign out', exact: true }).click()
    await second.getByRole('heading', { name: 'Sign in' }).waitFor()
    expect(await second.evaluate(() => localStorage.getItem('keyward.demo'))).toBeNull()
    await context.close()
  })

  it('keeps the refresh token out of the address bar after the verification link', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(demo.url)
    await signUp(page, 'verify@example.com', 'correct horse battery')
    const outbox: Array<{ to: string; link: string }> = await (await page.request.get(`${demo.url}/auth/v1/__reference/outbox`)).json()
    const link = outbox.find((mail) => mail.to === 'verify@example.com')!.link
    await page.goto(link)
    await page.getByText('Your e-mail address is verified.').waitFor()
    expect(page.url()).not.toContain('refreshToken')
    await context.close()
  })
})
