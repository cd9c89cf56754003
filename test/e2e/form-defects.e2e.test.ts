import type { BrowserContextOptions, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { uniqueEmail, useDemoInChromium } from './browser.ts'
import { expectAccessible, fillSignUp, form, signOut } from './demo-pages.ts'

// What a new user ran into with the drop-in forms (issue 10), each checked where it happened: in
// Chromium, with real layout, a real mouse and a real keyboard.

const env = useDemoInChromium()

async function open(path: string, options: BrowserContextOptions = {}) {
  const context = await env.browser.newContext(options)
  const page = await context.newPage()
  await page.goto(`${env.demo.url}${path}`)
  return { context, page }
}


/** Signs up a new user on /sign-up (the demo's server signs them in at once). */
async function signUp(page: Page, email: string) {
  await page.goto(`${env.demo.url}/sign-up`)
  await fillSignUp(page, email)
  await page.getByText('Session: signedIn').waitFor()
}

describe('drop-in form defects, in Chromium', () => {
  it('takes the first mouse click after fixing a field: the error leaves as the field is fixed, nothing moves under the pointer', async () => {
    const { context, page } = await open('/sign-in')
    const signInForm = form(page, 'Sign in')
    const submit = signInForm.getByRole('button', { name: 'Sign in', exact: true })
    await submit.click()
    await expect.poll(() => signInForm.locator('[data-keyward-field-error]').count()).toBe(2)
    await signInForm.getByLabel('Email').fill(uniqueEmail('click'))
    await signInForm.getByLabel('Password').fill('not the password')
    // the password field keeps the focus: before, its error stayed until the click blurred it
    await expect.poll(() => signInForm.locator('[data-keyward-field-error]').count()).toBe(0)
    await submit.click()
    // one click sent the sign-in: the server's verdict is shown
    await signInForm.getByText('Wrong email or password.').waitFor()
    await context.close()
  })

  it('keeps the focus on the button that started a failed submit (Space on "Sign in")', async () => {
    const { context, page } = await open('/sign-in')
    const signInForm = form(page, 'Sign in')
    await signInForm.getByLabel('Email').fill(uniqueEmail('focus'))
    await signInForm.getByLabel('Password').fill('not the password')
    const submit = signInForm.getByRole('button', { name: 'Sign in', exact: true })
    await submit.focus()
    await page.keyboard.press('Space')
    await signInForm.getByText('Wrong email or password.').waitFor()
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-keyward-submit'))).toBe('')
    await context.close()
  })

  it('lines buttons up with inputs, offers one passkey button, and stays light in a light app on a dark system', async () => {
    const { context, page } = await open('/sign-in', { colorScheme: 'dark' })
    const signInForm = form(page, 'Sign in')
    await signInForm.getByLabel('Email').waitFor()
    const input = (await signInForm.getByLabel('Email').boundingBox())!
    const button = (await signInForm.getByRole('button', { name: 'Sign in', exact: true }).boundingBox())!
    expect(button.x).toBe(input.x)
    expect(button.width).toBe(input.width)
    // <SignIn /> composes the passkey button; the page shows no second copy
    expect(await page.locator('[data-keyward-passkey]').count()).toBe(1)
    // the demo is a light app (color-scheme: light until its switch): the card stays light though the system is dark
    expect(await signInForm.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(255, 255, 255)')
    await page.evaluate(() => document.documentElement.setAttribute('data-keyward-theme', 'dark'))
    expect(await signInForm.evaluate((element) => getComputedStyle(element).backgroundColor)).not.toBe('rgb(255, 255, 255)')
    // a variable set on the page's root reaches the forms (docs/theming.md)
    await page.evaluate(() => document.documentElement.style.setProperty('--keyward-primary', 'rgb(15, 118, 110)'))
    expect(await signInForm.getByRole('button', { name: 'Sign in', exact: true }).evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(15, 118, 110)')
    await context.close()
  })

  it('fits a 375 px screen: no sideways scrolling with long links in the outbox, the TOTP secret wraps between groups only', async () => {
    const { context, page } = await open('/', { viewport: { width: 375, height: 800 } })
    const email = uniqueEmail('narrow-screen-with-a-long-address')
    await signUp(page, email)
    await page.getByText(email, { exact: false }).first().waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)

    await page.goto(`${env.demo.url}/mfa`)
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click()
    const groups = page.locator('[data-keyward-secret-group]')
    await groups.first().waitFor()
    const lines = await groups.evaluateAll((spans) => spans.map((span) => span.getClientRects().length))
    expect(lines.length).toBeGreaterThan(4)
    expect(lines.every((count) => count === 1)).toBe(true)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await expectAccessible(page, 'TOTP setup at 375 px')
    await context.close()
  })

  it('<AuthFlow /> keeps its view in the address: Back and Forward move between views, a reload or a link opens one', async () => {
    const { context, page } = await open('/')
    const focused = () => page.evaluate(() => document.activeElement?.textContent)
    await form(page, 'Sign in').getByRole('button', { name: 'Create one' }).click()
    await form(page, 'Create your account').waitFor()
    expect(new URL(page.url()).search).toBe('?auth=sign-up')
    await page.goBack()
    await form(page, 'Sign in').waitFor()
    // Back stayed on the page (it used to leave it) and the heading has the focus
    expect(new URL(page.url()).pathname).toBe('/')
    await expect.poll(focused).toBe('Sign in')
    await page.goForward()
    await form(page, 'Create your account').waitFor()
    await expect.poll(focused).toBe('Create your account')
    await page.reload()
    await form(page, 'Create your account').waitFor()
    await page.goto(`${env.demo.url}/?auth=forgot-password`)
    await form(page, 'Reset your password').waitFor()
    await context.close()
  })

  it('moves nothing under the pointer while a field is fixed, and keeps its width in a shrink-to-fit container', async () => {
    const { context, page } = await open('/')
    // the app centres the flow in a flex container, which sizes it to its content
    await page.addStyleTag({ content: 'main { display: flex; flex-direction: column; align-items: center }' })
    const signInForm = form(page, 'Sign in')
    const submit = signInForm.getByRole('button', { name: 'Sign in', exact: true })
    const width = async () => (await signInForm.boundingBox())!.width
    const before = await width()
    await submit.click()
    await expect.poll(() => signInForm.locator('[data-keyward-field-error]').count()).toBe(2)
    const top = async () => (await submit.boundingBox())!.y
    const settled = await top()
    // an address typed character by character: "Fill in this field." gives way to the longer
    // "Enter an email address like name@example.com.", then to nothing
    const shifts: number[] = []
    for (const key of 'ada@example.com') {
      await signInForm.getByLabel('Email').press(key)
      shifts.push(Math.abs((await top()) - settled))
    }
    expect(await signInForm.locator('[data-keyward-field-error]').count()).toBe(1)
    expect(Math.max(...shifts)).toBe(0)
    expect(await width()).toBe(before)
    await context.close()
  })

  it('the user menu works with a real mouse and keyboard, and its focus ring shows on every keyward element', async () => {
    const { context, page } = await open('/')
    await signUp(page, uniqueEmail('menu'))
    const trigger = page.locator('[data-keyward-user-trigger]')
    await trigger.click()
    await page.getByRole('menu').waitFor()
    // a click elsewhere on the page closes it
    await page.mouse.click(5, 400)
    await expect.poll(() => trigger.getAttribute('aria-expanded')).toBe('false')
    await trigger.focus()
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitem')
    // the ring: at least 3:1 against what is behind it, light and dark
    const ring = () =>
      page.evaluate(() => {
        const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number)
        const lum = ([r, g, b]: number[]) => {
          const c = [r!, g!, b!].map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4))
          return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!
        }
        const element = document.activeElement as HTMLElement
        const style = getComputedStyle(element)
        const behind = element.closest('[data-keyward-user-panel]')
        const background = behind ? getComputedStyle(behind).backgroundColor : 'rgb(255, 255, 255)'
        const a = lum(rgb(style.outlineColor))
        const b = lum(rgb(background))
        return { style: style.outlineStyle, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) }
      })
    const light = await ring()
    expect(light.style).toBe('solid')
    expect(light.ratio).toBeGreaterThanOrEqual(3)
    await page.evaluate(() => document.documentElement.setAttribute('data-keyward-theme', 'dark'))
    const dark = await ring()
    expect(dark.ratio).toBeGreaterThanOrEqual(3)
    await page.evaluate(() => document.documentElement.removeAttribute('data-keyward-theme'))
    await page.keyboard.press('Escape')
    await expect.poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-keyward-user-trigger'))).toBe(true)
    await signOut(page)
    // the menu that had the focus is gone: the sign-in form that took its place has it
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Sign in')
    await context.close()
  })

  it('the demo: every page has the navigation, the header fits a phone, the dark switch turns the page and the forms dark, the outbox has times and a filter per address', async () => {
    const { context, page } = await open('/hooks', { viewport: { width: 375, height: 800 } })
    // /hooks had no navigation
    await page.getByRole('navigation', { name: 'Demo pages' }).getByRole('link', { name: 'AuthFlow' }).click()
    await page.waitForURL((url) => url.pathname === '/')
    const signInForm = page.locator('[data-keyward-flow]').getByRole('form', { name: 'Sign in' })
    await signInForm.waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    const card = () => signInForm.evaluate((element) => getComputedStyle(element).backgroundColor)
    expect(await card()).toBe('rgb(255, 255, 255)')
    await page.getByRole('button', { name: 'Dark' }).click()
    expect(await card()).not.toBe('rgb(255, 255, 255)')
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).not.toBe('rgb(246, 247, 249)')
    await expectAccessible(page, 'the demo, dark, 375 px')
    // the choice stays on a reload
    await page.reload()
    await signInForm.waitFor()
    expect(await card()).not.toBe('rgb(255, 255, 255)')
    // two addresses in the outbox: each message with its time, and a filter
    const [first, second] = [uniqueEmail('outbox-a'), uniqueEmail('outbox-b')]
    for (const email of [first, second]) {
      await page.goto(`${env.demo.url}/forgot-password`)
      await form(page, 'Reset your password').getByLabel('Email').fill(email)
      await form(page, 'Reset your password').getByRole('button', { name: 'Send link' }).click()
      await page.getByText('If an account exists for that address, a link is on its way.').waitFor()
    }
    await signUp(page, first)
    const outbox = page.getByRole('region', { name: 'Outbox' })
    await outbox.getByText(`To ${first}`).first().waitFor()
    await outbox.getByLabel('Show messages to').selectOption(first)
    const items = outbox.getByRole('listitem')
    await expect.poll(async () => (await items.allTextContents()).every((text) => text.includes(first))).toBe(true)
    expect(await outbox.locator('li time').first().getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/)
    await context.close()
  })

  it('explains /verify-email opened without a link, and sends a new one', async () => {
    const { context, page } = await open('/')
    const email = uniqueEmail('resend')
    await signUp(page, email)
    await page.goto(`${env.demo.url}/verify-email`)
    await page.getByText('Open this page from the link in your verification email.').waitFor()
    expect(await page.getByText('Your email is verified.').count()).toBe(0)
    await expectAccessible(page, 'verify-email without a link')
    const resend = form(page, 'Verify your email')
    await resend.getByLabel('Email').fill(email)
    await resend.getByRole('button', { name: 'Send the link again' }).click()
    await page.getByText('Sent. Check your inbox.').waitFor()
    await context.close()
  })
})
