import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Secret, TOTP } from 'otpauth'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

// Steps on the demo's pages shared by the browser tests that are not conformance journeys (axe, the
// keyboard, form defects, a backend's own checks): the same forms, driven the same way.

export const PASSWORD = 'correct horse battery'

/** The current TOTP code for a base32 secret. */
export const code = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) }).generate()

/** A drop-in form by its accessible name. */
export const form = (page: Page, name: string) => page.getByRole('form', { name })

/** Follows a link of the demo's navigation. */
export async function go(page: Page, name: string) {
  await page.getByRole('navigation').getByRole('link', { name }).click()
}

/** Signs out from the user menu and waits until the demo says so. */
export async function signOut(page: Page) {
  await page.locator('[data-keyward-user-button] > button').click()
  await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click()
  await page.getByText('Session: signedOut').waitFor()
}

/** Fills and submits `<SignIn />`. */
export async function signIn(page: Page, email: string, password: string) {
  const signInForm = form(page, 'Sign in')
  await signInForm.getByLabel('Email').fill(email)
  await signInForm.getByLabel('Password').fill(password)
  await signInForm.getByRole('button', { name: 'Sign in', exact: true }).click()
}

/**
 * Fills and submits `<SignUp />` on the page (with `names` where the backend asks for them); the
 * caller waits for what should follow (signed in, a field's error).
 */
export async function fillSignUp(page: Page, email: string, names?: { first: string; last: string }, password = PASSWORD) {
  const signUpForm = form(page, 'Create your account')
  if (names) {
    await signUpForm.getByLabel('First name').fill(names.first)
    await signUpForm.getByLabel('Last name').fill(names.last)
  }
  await signUpForm.getByLabel('Email').fill(email)
  await signUpForm.getByLabel('Password', { exact: true }).fill(password)
  await signUpForm.getByRole('button', { name: 'Create account' }).click()
  return signUpForm
}

/** A TOTP code other than `used`: waits for the next 30-second window when needed. */
export async function nextTotpCode(secret: string, used: string) {
  await expect.poll(() => code(secret), { timeout: 35_000, interval: 1000 }).not.toBe(used)
  return code(secret)
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core in the page: WCAG 2.x A/AA, contrast included (real layout here). */
export async function expectAccessible(page: Page, view: string) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  })
  expect(violations, view).toEqual([])
}
