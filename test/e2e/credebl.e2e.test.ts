import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CredeblStandIn, credeblStandIn } from '../standins/credebl.ts'
import { serveStandIn } from '../standins/serve.ts'
import { uniqueEmail, useDemoInChromium } from './browser.ts'
import { fillSignUp, form, go, NEW_PASSWORD, signIn, signInAfterPasswordChange, signOut } from './demo-pages.ts'

// The demo's drop-in forms in Chromium against the CREDEBL stand-in (test/standins/credebl.ts; the
// platform cannot run here): the three-step sign-up through the verification link, the sessions
// with what the platform knows of each device, a change of password, and the reset by e-mail.

const PASSWORD = 'Correct-horse-9!'
let standIn: CredeblStandIn
let served: { url: string; stop: () => Promise<void> }
beforeAll(async () => {
  standIn = await credeblStandIn()
  served = await serveStandIn(standIn)
})
afterAll(() => served?.stop())

describe('CREDEBL, in Chromium', () => {
  const env = useDemoInChromium({ demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'credebl', VITE_CREDEBL_URL: served.url, VITE_CREDEBL_KEY: standIn.passwordKey }) })

  it('signs up through the verification link, lists and ends sessions, changes and resets the password', async () => {
    const context = await env.browser.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    const email = uniqueEmail('credebl')
    const names = { first: 'Ada', last: 'Lovelace' }
    await page.goto(env.demo.url)
    await page.getByText('on CREDEBL').waitFor()

    // the sign-up asks for both names; the address is not verified yet: "check your e-mail", then continue
    await page.getByRole('button', { name: 'Create one' }).click()
    await fillSignUp(page, email, names, PASSWORD)
    await page.getByText(`We sent a link to ${email}. Open it, then continue here.`).waitFor()
    // too early: not verified yet
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByText('Verify your email address first. Check your inbox.').waitFor()
    // the link, opened in another tab (the demo's /verify-email with the platform's ?email&verificationCode)
    const { query } = standIn.lastMessage(email, 'verification')
    const mailTab = await context.newPage()
    await mailTab.goto(`${env.demo.url}/verify-email?${new URLSearchParams(query)}`)
    await mailTab.getByText('Your email is verified.').waitFor()
    expect(new URL(mailTab.url()).search).toBe('')
    await mailTab.close()
    // back here: the same sign-up creates the account and signs in
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByText('Session: signedIn').waitFor()
    await expect.poll(() => page.locator('[data-keyward-user-button]').textContent()).toContain('Ada Lovelace')

    // another device; this one lists both (this one marked, the other described) and ends the other
    const other = await env.browser.newContext()
    const otherPage = await other.newPage()
    await otherPage.goto(`${env.demo.url}/sign-in`)
    await signIn(otherPage, email, PASSWORD)
    await otherPage.getByText('Session: signedIn').waitFor()
    await go(page, 'Devices')
    const devices = page.locator('[data-keyward-list] li')
    await expect.poll(() => devices.count()).toBe(2)
    await expect.poll(() => page.locator('[data-keyward-list] li[data-state="current"]').count()).toBe(1)
    await expect.poll(() => page.locator('[data-keyward-list] li[data-state="other"]').textContent()).toContain('Chrome on Linux')
    await page.locator('[data-keyward-list] li[data-state="other"]').getByRole('button', { name: /Sign out/ }).click()
    await expect.poll(() => devices.count()).toBe(1)
    expect(standIn.sessionsOf(email)).toHaveLength(1)
    await other.close()

    // a new password (both encrypted on the way), the old one refused afterwards
    await go(page, 'Change password')
    const change = form(page, 'Change password')
    await change.getByLabel('Current password').fill(PASSWORD)
    await change.getByLabel('New password').fill(NEW_PASSWORD)
    await change.getByRole('button', { name: 'Change password' }).click()
    await page.getByText('Your password has been changed.').waitFor()
    await signInAfterPasswordChange(page, email, PASSWORD, NEW_PASSWORD)

    // the reset: the e-mail's link (?token&email) opens the demo's reset page
    await signOut(page)
    await go(page, 'Forgot password')
    await page.getByLabel('Email').fill(email)
    await page.getByRole('button', { name: 'Send link' }).click()
    await page.getByText('If an account exists for that address, a link is on its way.').waitFor()
    await page.goto(`${env.demo.url}/reset-password?${new URLSearchParams(standIn.lastMessage(email, 'password-reset').query)}`)
    await page.getByLabel('New password', { exact: true }).fill('Reset-by-mail-1')
    await page.getByRole('button', { name: 'Save password' }).click()
    await page.getByText('Your password has been changed.').waitFor()
    expect(new URL(page.url()).search).toBe('')
    await go(page, 'Sign in')
    await signIn(page, email, 'Reset-by-mail-1')
    await page.getByText('Session: signedIn').waitFor()
    expect(errors).toEqual([])
    await context.close()
  }, 120_000)
})
