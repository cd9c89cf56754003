import type { BrowserContext, Page } from 'playwright-core'
import type { Capabilities } from '../core/backend.js'

// The conformance suite: one list of journeys a user takes through the drop-in forms, mounted as the
// README recommends, picked by what the adapter offers, and one driver that walks them in a real
// browser against the adapter's own server. keyward runs it for every adapter it ships; an adapter
// author runs it against theirs. The journeys are data: adding one runs it everywhere it is offered.

/** The links a journey asks the server's outbox for. */
export type ConformanceLink = 'verify-email' | 'reset-password'

/** An app and its auth server, as the suite drives them. */
export interface ConformanceTarget {
  /** The name in the table ("Nhost (reference backend)", "better-auth"). */
  name: string
  /**
   * The page of the app under test, mounted as the README recommends: `<SignedOut><AuthFlow /></SignedOut>`,
   * and `<SignedIn>` content with a `<UserButton />`.
   */
  url: string
  /** What the adapter offers (`capabilitiesOf(backend)`): journeys it does not offer are not run. */
  capabilities: Capabilities
  /** The link the server last e-mailed to `to` (from its outbox: a test server's, a mail catcher's). */
  inbox(to: string, link: ConformanceLink): Promise<string>
  /** A page of the app where `<ChangePassword />` is mounted (the change-password journey runs where given). */
  changePasswordUrl?: string | undefined
  /** Values for the sign-up form's extra fields, by label (a backend's names, an app's fields). */
  signUpFields?: Readonly<Record<string, string>> | undefined
  /** A password the server accepts, and a second one for a change or a reset. Default: two long phrases. */
  passwords?: readonly [string, string] | undefined
  /** An address no earlier run used. Default: `<journey>-<random>@example.com`. */
  email?: ((journey: string) => string) | undefined
}

/** What a journey's steps get: the page, the target, and the steps every journey shares. */
export interface ConformanceDriver {
  readonly page: Page
  readonly context: BrowserContext
  readonly target: ConformanceTarget
  readonly passwords: readonly [string, string]
  /** A new address for this journey. */
  email(): string
  /** Opens the app's page (or `url`) and waits until the session is known. */
  open(url?: string): Promise<void>
  /** Waits until the app shows the signed-in content (the user menu). */
  signedIn(): Promise<void>
  /** Waits until `<AuthFlow />` shows (signed out), and checks that it stays so for a moment. */
  signedOut(): Promise<void>
  /** Signs up through `<AuthFlow />`'s "Create an account" (opening the verification link when the server asks for it first). */
  signUp(email: string, password?: string): Promise<void>
  /** Signs in through `<AuthFlow />`'s sign-in form. */
  signIn(email: string, password: string): Promise<void>
  /** Signs out through the user menu. */
  signOut(): Promise<void>
  /** Opens the app and signs a new account up; resolves with its address, signed in. */
  newAccount(): Promise<string>
  /** Signs in with `password` and waits for the form to refuse it ("Wrong email or password."). */
  refused(email: string, password: string): Promise<void>
}

/** One journey: when it is offered, and its steps. */
export interface ConformanceJourney {
  id: string
  /** What the user does, in a line. */
  title: string
  /** Whether the target offers what the journey needs. */
  offered(target: ConformanceTarget): boolean
  run(driver: ConformanceDriver): Promise<void>
}

const DEFAULT_PASSWORDS = ['correct horse battery staple', 'an even better passphrase'] as const
const AWHILE = 15_000

/** Asserts, with the journey's words: a conformance failure says which step the user could not take. */
function ensure(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`conformance: ${what}`)
}

/** The suite's journeys, in the order a user meets them. */
export const conformanceJourneys: readonly ConformanceJourney[] = [
  {
    id: 'sign-up',
    title: 'signs up through <AuthFlow /> and lands signed in',
    offered: (t) => t.capabilities.signUp,
    async run(d) {
      await d.newAccount()
      await d.signedIn()
    },
  },
  {
    id: 'sign-in',
    title: 'signs in with the password; a wrong one is refused with its message',
    offered: (t) => t.capabilities.signUp && t.capabilities.passwordSignIn,
    async run(d) {
      const email = await d.newAccount()
      await d.signOut()
      await d.refused(email, d.passwords[1])
      await d.signIn(email, d.passwords[0])
      await d.signedIn()
    },
  },
  {
    id: 'sign-out',
    title: 'signs out, and stays signed out after a reload',
    offered: (t) => t.capabilities.signUp,
    async run(d) {
      await d.newAccount()
      await d.signOut()
      await d.page.reload()
      await d.signedOut()
    },
  },
  {
    id: 'reload',
    title: 'reloads signed in without a flash of the signed-out forms',
    offered: (t) => t.capabilities.signUp,
    async run(d) {
      await d.newAccount()
      // from the first byte of the reloaded page: did the sign-in forms ever show?
      await d.page.addInitScript(() => {
        const seen = () => document.querySelector('[data-keyward-flow]') !== null
        const w = window as unknown as { __keywardFlash?: boolean }
        w.__keywardFlash = false
        new MutationObserver(() => {
          if (seen()) w.__keywardFlash = true
        }).observe(document, { childList: true, subtree: true })
      })
      await d.page.reload()
      await d.signedIn()
      ensure(!(await d.page.evaluate(() => (window as unknown as { __keywardFlash?: boolean }).__keywardFlash)), 'the reloaded page showed the signed-out forms before the session')
    },
  },
  {
    id: 'two-tabs',
    title: 'a second tab shares the session, and a sign-out in one signs out the other',
    offered: (t) => t.capabilities.signUp,
    async run(d) {
      await d.newAccount()
      const other = await d.context.newPage()
      await other.goto(d.target.url)
      await other.locator('[data-keyward-user-button]').waitFor({ timeout: AWHILE })
      await d.signOut()
      await other.locator('[data-keyward-flow]').waitFor({ timeout: AWHILE })
      await other.close()
    },
  },
  {
    id: 'reset-password',
    title: 'forgot password in <AuthFlow /> → the e-mailed link → a new password → signed in with it',
    offered: (t) => t.capabilities.signUp && t.capabilities.passwordReset,
    async run(d) {
      const email = await d.newAccount()
      await d.signOut()
      const flow = d.page.locator('[data-keyward-flow]')
      await flow.getByRole('button', { name: 'Forgot password?' }).click()
      await flow.getByLabel('Email').fill(email)
      await flow.getByRole('button', { name: 'Send link' }).click()
      await flow.getByText('If an account exists for that address, a link is on its way.').waitFor({ timeout: AWHILE })
      await d.page.goto(await d.target.inbox(email, 'reset-password'))
      // the token left the address bar; the form asks for the new password before anyone is signed in
      await flow.getByLabel('New password', { exact: true }).waitFor({ timeout: AWHILE })
      ensure(!/token|ticket/i.test(new URL(d.page.url()).search), `the reset link's token stayed in the address bar: ${d.page.url()}`)
      await flow.getByLabel('New password', { exact: true }).fill(d.passwords[1])
      await flow.getByRole('button', { name: 'Save password' }).click()
      // signed in by the link's session (Nhost), or asked to sign in with the new password
      const signInForm = flow.getByRole('form', { name: 'Sign in' })
      await d.page.locator('[data-keyward-user-button]').or(signInForm).first().waitFor({ timeout: AWHILE })
      if (await signInForm.isVisible()) await d.signIn(email, d.passwords[1])
      await d.signedIn()
      await d.signOut()
      await d.refused(email, d.passwords[0])
    },
  },
  {
    id: 'verify-signed-in',
    title: 'the verification link opened while signed in verifies and keeps the session; a sign-out stays',
    offered: (t) => t.capabilities.signUp && t.capabilities.emailVerification,
    async run(d) {
      const email = await d.newAccount()
      await d.page.goto(await d.target.inbox(email, 'verify-email'))
      await d.signedIn()
      ensure(!/token|ticket|code/i.test(new URL(d.page.url()).search), `the verification link stayed in the address bar: ${d.page.url()}`)
      await d.signOut()
      // <AuthFlow /> mounts on the sign-out: nothing of the link may sign the user back in
      await d.signedOut()
    },
  },
  {
    id: 'change-password',
    title: 'changes the password on <ChangePassword />; the old one is refused, the new one signs in',
    offered: (t) => t.capabilities.signUp && t.capabilities.changePassword && t.changePasswordUrl !== undefined,
    async run(d) {
      const email = await d.newAccount()
      await d.page.goto(d.target.changePasswordUrl!)
      const change = d.page.getByRole('form', { name: 'Change password' })
      await change.getByLabel('New password', { exact: true }).fill(d.passwords[1])
      // asked where the backend's change needs it (the form is on the page by now)
      const current = change.getByLabel('Current password', { exact: true })
      if (await current.count()) await current.fill(d.passwords[0])
      await change.getByRole('button', { name: 'Change password' }).click()
      await d.page.getByText('Your password has been changed.').waitFor({ timeout: AWHILE })
      await d.open()
      await d.signOut()
      await d.refused(email, d.passwords[0])
      await d.signIn(email, d.passwords[1])
      await d.signedIn()
    },
  },
]

/** The journeys `target` offers. */
export const journeysFor = (target: ConformanceTarget): ConformanceJourney[] => conformanceJourneys.filter((journey) => journey.offered(target))

/**
 * A driver for one journey, on a new page of `context` (a fresh browser profile per journey keeps
 * journeys independent).
 *
 * @example
 * for (const journey of journeysFor(target)) {
 *   it(journey.title, async () => {
 *     const context = await browser.newContext()
 *     try { await journey.run(await conformanceDriver(context, target, journey.id)) } finally { await context.close() }
 *   })
 * }
 */
export async function conformanceDriver(context: BrowserContext, target: ConformanceTarget, journey: string): Promise<ConformanceDriver> {
  const page = await context.newPage()
  const passwords = target.passwords ?? DEFAULT_PASSWORDS
  const flow = page.locator('[data-keyward-flow]')
  const menu = page.locator('[data-keyward-user-button]')
  const driver: ConformanceDriver = {
    page,
    context,
    target,
    passwords,
    email: () => target.email?.(journey) ?? `${journey}-${Math.random().toString(36).slice(2, 10)}@example.com`,
    async open(url = target.url) {
      await page.goto(url)
      await menu.or(flow).first().waitFor({ timeout: AWHILE })
    },
    signedIn: () => menu.waitFor({ timeout: AWHILE }),
    async signedOut() {
      await flow.waitFor({ timeout: AWHILE })
      // a link or a late refresh that would bring the session back has had its chance
      await page.waitForTimeout(1000)
      ensure(await flow.isVisible(), 'signed in again after signing out')
      ensure(!(await menu.isVisible()), 'the user menu is back after signing out')
    },
    async signUp(email, password = passwords[0]) {
      await flow.getByRole('button', { name: 'Create one' }).click()
      const form = flow.getByRole('form', { name: 'Create your account' })
      for (const [label, value] of Object.entries(target.signUpFields ?? {})) await form.getByLabel(label, { exact: true }).fill(value)
      await form.getByLabel('Email').fill(email)
      await form.getByLabel('Password', { exact: true }).fill(password)
      await form.getByRole('button', { name: 'Create account' }).click()
      // signed in at once, or asked to open the verification link first
      const check = flow.getByText('Check your email', { exact: false })
      await menu.or(check).first().waitFor({ timeout: AWHILE })
      if (!(await menu.isVisible())) {
        await page.goto(await target.inbox(email, 'verify-email'))
        await menu.or(flow.getByRole('form', { name: 'Sign in' })).first().waitFor({ timeout: AWHILE })
        if (!(await menu.isVisible())) await driver.signIn(email, password)
      }
      await driver.signedIn()
    },
    async signIn(email, password) {
      const form = flow.getByRole('form', { name: 'Sign in' })
      await form.waitFor({ timeout: AWHILE })
      await form.getByLabel('Email').fill(email)
      await form.getByLabel('Password', { exact: true }).fill(password)
      await form.getByRole('button', { name: 'Sign in', exact: true }).click()
    },
    async signOut() {
      await menu.locator('button').first().click()
      await page.getByRole('button', { name: 'Sign out', exact: true }).click()
      await flow.waitFor({ timeout: AWHILE })
    },
    async newAccount() {
      const email = driver.email()
      await driver.open()
      await driver.signUp(email)
      return email
    },
    async refused(email, password) {
      await driver.signIn(email, password)
      await flow.getByText('Wrong email or password.').waitFor({ timeout: AWHILE })
    },
  }
  return driver
}
