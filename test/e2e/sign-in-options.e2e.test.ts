import { describe, expect, it } from 'vitest'
import { uniqueEmail, useDemoInChromium } from './browser.ts'
import { expectAccessible, fillSignUp, form, PASSWORD, signOut } from './demo-pages.ts'

// The sign-in's other ways in (issue 10), in Chromium on the demo: an OAuth provider's full round
// trip through the browser (the reference server's stand-in provider), and the identifier-first sign-in.

const env = useDemoInChromium()

describe('sign-in options, in Chromium', () => {
  it('“Continue with GitHub” leaves for the provider and comes back signed in, with a clean address bar', async () => {
    const context = await env.browser.newContext()
    const page = await context.newPage()
    await page.goto(`${env.demo.url}/sign-in`)
    const signInForm = form(page, 'Sign in')
    await signInForm.getByRole('button', { name: 'Continue with GitHub' }).waitFor()
    await expectAccessible(page, 'sign-in with providers')
    // the providers first, then the passkey, then "or" and the form
    const order = await signInForm.locator('[data-keyward-provider], [data-keyward-passkey], [data-keyward-divider], input[name="email"]').evaluateAll((nodes) =>
      nodes.map((n) => n.getAttribute('data-keyward-provider') ?? (n.hasAttribute('data-keyward-passkey') ? 'passkey' : n.hasAttribute('data-keyward-divider') ? 'or' : 'email')),
    )
    expect(order).toEqual(['github', 'google', 'passkey', 'or', 'email'])
    await signInForm.getByRole('button', { name: 'Continue with GitHub' }).click()
    await page.getByText('Session: signedIn').waitFor()
    await expect.poll(() => page.locator('[data-keyward-user-button]').textContent()).toContain('github user') // the provider's display name
    expect(new URL(page.url()).search).toBe('')
    await context.close()
  })

  it('asks for the e-mail first, then the password; a password manager sees the address', async () => {
    const context = await env.browser.newContext()
    const page = await context.newPage()
    const email = uniqueEmail('email-first')
    await page.goto(`${env.demo.url}/sign-up`)
    await fillSignUp(page, email)
    await page.getByText('Session: signedIn').waitFor()
    await signOut(page)

    await page.goto(`${env.demo.url}/sign-in/email-first`)
    const signInForm = form(page, 'Sign in')
    expect(await signInForm.getByLabel('Password').count()).toBe(0)
    await signInForm.getByLabel('Email').fill(email)
    await page.keyboard.press('Enter')
    const password = signInForm.getByLabel('Password')
    await password.waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password')
    expect(await signInForm.locator('input[autocomplete="username"]').inputValue()).toBe(email)
    await expectAccessible(page, 'identifier-first, password step')
    await password.fill(PASSWORD)
    await page.keyboard.press('Enter')
    await page.getByText('Session: signedIn').waitFor()
    await context.close()
  })
})
