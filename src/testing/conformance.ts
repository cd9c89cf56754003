import type { BrowserContext, CDPSession, Page } from 'playwright-core'
import type { Capabilities } from '../core/backend.js'

// The conformance suite: one list of journeys a user takes through the drop-in forms, mounted as the
// README recommends, picked by what the adapter offers, and one driver that walks them in a real
// browser against the adapter's own server. keyward runs it for every adapter it ships; an adapter
// author runs it against theirs. The journeys are data: adding one runs it everywhere it is offered.

/** What a journey asks the server's outbox for: a link, or the code of a sign-in by e-mailed code. */
export type ConformanceMail = 'verify-email' | 'reset-password' | 'email-code' | 'magic-link'

/** Pages of the app under test where an account page is mounted, as paths or URLs (resolved against `url`). */
export interface ConformancePages {
  /** `<ChangePassword />`. */
  changePassword?: string | undefined
  /** `<MfaSetup />`. */
  twoStep?: string | undefined
  /** `<Passkeys />`. */
  passkeys?: string | undefined
  /** `<Sessions />`. */
  sessions?: string | undefined
}

/**
 * The steps a user takes on the server's own pages (OpenID Connect, AuthHero): the suite cannot know
 * them, the target says how a user gets through them.
 */
export interface ConformanceServerPages {
  /**
   * From `<AuthFlow />` to the server's sign-in page (its "Continue with …" button) and back to the app:
   * signs `email` in with `password` (an OpenID Connect test provider may take any).
   */
  signIn?(page: Page, email: string, password: string): Promise<void>
  /** After "Sign out" in the user menu: the server's sign-out page, where it asks (resolves when the browser is back). */
  signOut?(page: Page): Promise<void>
}

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
  /**
   * What the server last e-mailed to `to`: the link of that kind (`'magic-link'`: a sign-in link), or
   * for `'email-code'` the code (from its outbox: a test server's, a mail catcher's).
   */
  inbox(to: string, what: ConformanceMail): Promise<string>
  /** The account pages the app mounts: a journey that needs one runs where it is given. */
  pages?: ConformancePages | undefined
  /** The steps on the server's own pages, for a server that has them. */
  serverPages?: ConformanceServerPages | undefined
  /** Values for the sign-up form's extra fields, by label (a backend's names, an app's fields). */
  signUpFields?: Readonly<Record<string, string>> | undefined
  /** A password the server accepts, and a second one for a change or a reset. Default: two long phrases. */
  passwords?: readonly [string, string] | undefined
  /** An address no earlier run used. Default: `<journey>-<random>@example.com`. */
  email?: ((journey: string) => string) | undefined
  /**
   * The server's reset link signs the user in before the new password is set (Nhost's and Supabase's
   * do; better-auth's, Medusa's, CREDEBL's and Replyke's carry a ticket): the reset then offers a passkey
   * instead of a new password. Default false.
   */
  resetSignsIn?: boolean | undefined
}

/** What a journey's steps get: the page, the target, and the steps every journey shares. */
export interface ConformanceDriver {
  readonly page: Page
  readonly context: BrowserContext
  readonly target: ConformanceTarget
  readonly passwords: readonly [string, string]
  /** A new address for this journey. */
  email(): string
  /** Opens the app's page (or `url`, resolved against it) and waits until the session is known. */
  open(url?: string): Promise<void>
  /** Waits until the app shows the signed-in content (the user menu). */
  signedIn(): Promise<void>
  /** Waits until `<AuthFlow />` shows (signed out), and checks that it stays so for a moment. */
  signedOut(): Promise<void>
  /** Waits until signed in, then reloads the page: it must come back signed in without the sign-in forms ever showing. */
  reloadSignedIn(): Promise<void>
  /**
   * Signs up through `<AuthFlow />`'s "Create an account", opening the verification link where the
   * server asks for it first. Resolves with `'link-first'` when the link was opened signed out before the
   * account could be used, `'signed-in'` when the server signed the new account in at once.
   */
  signUp(email: string, password?: string): Promise<'signed-in' | 'link-first'>
  /** Signs in through `<AuthFlow />`'s sign-in form. */
  signIn(email: string, password: string): Promise<void>
  /** Signs out through the user menu (and the server's sign-out page, where it has one). */
  signOut(): Promise<void>
  /**
   * Opens the app and gets a new account signed in: signed up through the form, or where the app has no
   * sign-up, signed in on the server's pages with a new address. Resolves with its address.
   */
  newAccount(): Promise<string>
  /** Signs in with `password` and waits for the form to refuse it ("Wrong email or password."). */
  refused(email: string, password: string): Promise<void>
  /** A second device (a fresh browser profile) signed in as `email`; closed with the journey's context. */
  otherDevice(email: string, password: string): Promise<Page>
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

/**
 * An authenticator that answers without a person (Chrome DevTools' virtual one) on the journey's page:
 * the platform's (`internal`), or a security key beside it (`usb`) on the same session.
 */
async function virtualAuthenticator(d: ConformanceDriver, transport: 'internal' | 'usb' = 'internal', session?: CDPSession) {
  const cdp = session ?? (await d.context.newCDPSession(d.page))
  await cdp.send('WebAuthn.enable')
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport, hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  })
  return { cdp, authenticatorId, credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials }
}

/**
 * Signs out through the user menu on the app's page and waits for the passkey to sign back in: a
 * browser that has used a passkey here gets <AuthFlow />'s autofill, which the virtual authenticator
 * answers at once (as the user picking it; `cdp` tells when it did). Signed out only as long as that takes.
 */
async function backInByAutofill(d: ConformanceDriver, cdp: CDPSession, what: string) {
  await d.open()
  let asserted = false
  const mark = () => (asserted = true)
  cdp.on('WebAuthn.credentialAsserted', mark)
  try {
    await d.page.locator('[data-keyward-user-button]').locator('button').first().click()
    await d.page.getByRole('menuitem', { name: 'Sign out', exact: true }).click()
    await until(d.page, async () => asserted, what)
  } finally {
    cdp.off('WebAuthn.credentialAsserted', mark)
  }
  await d.signedIn()
  await d.reloadSignedIn()
}

/**
 * A new account, signed out, asks <AuthFlow /> for a reset link and opens it: the token has left the
 * address bar and the form asks for the new password before anyone is signed in.
 */
async function resetLinkOpened(d: ConformanceDriver) {
  const email = await d.newAccount()
  await d.signOut()
  const flow = d.page.locator('[data-keyward-flow]')
  await flow.getByRole('button', { name: 'Forgot password?' }).click()
  await flow.getByLabel('Email').fill(email)
  await flow.getByRole('button', { name: 'Send link' }).click()
  await flow.getByText('If an account exists for that address, a link is on its way.').waitFor({ timeout: AWHILE })
  await d.page.goto(await d.target.inbox(email, 'reset-password'))
  await flow.getByLabel('New password', { exact: true }).waitFor({ timeout: AWHILE })
  addressBarClean(d.page, "the reset link's token")
  return { email, flow }
}

/** Asserts, with the journey's words: a conformance failure says which step the user could not take. */
function ensure(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`conformance: ${what}`)
}

/** A new account can be had: signed up in the app, or signed in on the server's pages. */
const accounts = (t: ConformanceTarget) => t.capabilities.signUp || t.serverPages?.signIn !== undefined
/** Signed in with a password the app knows: in the form, or on the server's pages. */
const passwordAccounts = (t: ConformanceTarget) => t.capabilities.signUp && (t.capabilities.passwordSignIn || t.serverPages?.signIn !== undefined)
/** Signed up and in with a password through the app's own forms. */
const formAccounts = (t: ConformanceTarget) => t.capabilities.signUp && t.capabilities.passwordSignIn

/** The token-like parameters a link leaves behind when it was not cleaned. */
const LINK_PARAMS = /(^|&)(token|ticket|code|refreshToken|verificationCode|state)=/i
/** Asserts that `page`'s address bar holds none of a link's token material (`what` names the link). */
const addressBarClean = (page: Page, what: string) => ensure(!LINK_PARAMS.test(new URL(page.url()).search.slice(1)), `${what} stayed in the address bar: ${page.url()}`)

/** Checks `check` every tenth of a second until it holds; fails with `what` after a while. */
async function until(page: Page, check: () => Promise<boolean>, what: string): Promise<void> {
  for (let waited = 0; !(await check()); waited += 100) {
    ensure(waited < AWHILE, what)
    await page.waitForTimeout(100)
  }
}

/** The authenticator app's current code for a base32 secret (otpauth, loaded by the two-step journey only). */
async function totp(secret: string): Promise<string> {
  const { Secret, TOTP } = await import('otpauth')
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate()
}

/** The next TOTP code that differs from `used` (a server accepts each code once): waits for the next window. */
async function freshTotp(page: Page, secret: string, used: string): Promise<string> {
  for (;;) {
    const now = await totp(secret)
    if (now !== used) return now
    await page.waitForTimeout(1000)
  }
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
    offered: formAccounts,
    async run(d) {
      const email = await d.newAccount()
      await d.signOut()
      await d.refused(email, d.passwords[1])
      await d.signIn(email, d.passwords[0])
      await d.reloadSignedIn()
    },
  },
  {
    id: 'server-sign-in',
    title: "signs in on the server's own page from <AuthFlow />'s button, and comes back signed in with the address bar clean",
    offered: (t) => t.capabilities.redirectSignIn && t.serverPages?.signIn !== undefined,
    async run(d) {
      const email = await d.newAccount()
      if (d.target.capabilities.signUp) {
        await d.signOut()
        await d.target.serverPages!.signIn!(d.page, email, d.passwords[0])
      }
      await d.signedIn()
      addressBarClean(d.page, "the callback's code")
      await d.reloadSignedIn()
    },
  },
  {
    id: 'sign-out',
    title: 'signs out, and stays signed out after a reload',
    offered: accounts,
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
    offered: accounts,
    async run(d) {
      await d.newAccount()
      await d.reloadSignedIn()
    },
  },
  {
    id: 'two-tabs',
    title: 'a second tab shares the session, and a sign-out in one signs out the other',
    offered: accounts,
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
    offered: (t) => passwordAccounts(t) && t.capabilities.passwordReset,
    async run(d) {
      const { email, flow } = await resetLinkOpened(d)
      await flow.getByLabel('New password', { exact: true }).fill(d.passwords[1])
      await flow.getByRole('button', { name: 'Save password' }).click()
      // signed in by the link's session (Nhost), or asked to sign in with the new password
      const signInForm = flow.getByRole('form', { name: 'Sign in' })
      await d.page.locator('[data-keyward-user-button]').or(signInForm).first().waitFor({ timeout: AWHILE })
      if (await signInForm.isVisible()) await d.signIn(email, d.passwords[1])
      await d.reloadSignedIn()
      await d.signOut()
      await d.refused(email, d.passwords[0])
    },
  },
  {
    id: 'passkey-recovery',
    title: 'forgot password → the e-mailed link → "Create a passkey instead": signed in with no new password; the passkey signs in again, the old password too',
    offered: (t) => passwordAccounts(t) && t.capabilities.passwordReset && t.capabilities.passkeys && t.resetSignsIn === true,
    async run(d) {
      const { cdp, authenticatorId, credentials } = await virtualAuthenticator(d)
      const { email, flow } = await resetLinkOpened(d)
      await flow.getByRole('button', { name: 'Create a passkey instead' }).click()
      await d.signedIn()
      ensure((await credentials()).length === 1, 'the authenticator holds no passkey after the recovery')
      await d.reloadSignedIn()
      await backInByAutofill(d, cdp, 'the recovered account did not sign in again with its new passkey')
      // nothing was set: the old password still signs in (the authenticator left untouched)
      await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: false })
      await d.signOut()
      await d.signIn(email, d.passwords[0])
    },
  },
  {
    id: 'verify-signed-out',
    title: 'the verification link opened signed out verifies the address; the account then signs in',
    offered: (t) => t.capabilities.signUp && t.capabilities.emailVerification,
    async run(d) {
      const email = d.email()
      await d.open()
      // where the server asks for the link before the account can be used, the sign-up opened it signed out
      if ((await d.signUp(email)) === 'link-first') return
      await d.signOut()
      await d.page.goto(await d.target.inbox(email, 'verify-email'))
      const flow = d.page.locator('[data-keyward-flow]')
      // signed in by the link (Nhost's carries a session), or told it worked, then asked to sign in
      const signInForm = flow.getByRole('form', { name: 'Sign in' })
      const verified = flow.getByText('Your email is verified.')
      await d.page.locator('[data-keyward-user-button]').or(signInForm).or(verified).first().waitFor({ timeout: AWHILE })
      addressBarClean(d.page, 'the verification link')
      if (await verified.isVisible()) await flow.getByRole('button', { name: 'Continue', exact: true }).click()
      if (!(await d.page.locator('[data-keyward-user-button]').isVisible())) await d.signIn(email, d.passwords[0])
      await d.reloadSignedIn()
    },
  },
  {
    id: 'verify-signed-in',
    title: 'the verification link (fresh, or spent by the sign-up) opened while signed in keeps the session; a sign-out stays',
    offered: (t) => t.capabilities.signUp && t.capabilities.emailVerification,
    async run(d) {
      const email = d.email()
      await d.open()
      // where the sign-up had to open the link first, it is spent by now: opened again while signed in,
      // a stale link must neither end the session nor bring it back after a sign-out
      await d.signUp(email)
      await d.page.goto(await d.target.inbox(email, 'verify-email'))
      await d.signedIn()
      addressBarClean(d.page, 'the verification link')
      await d.reloadSignedIn()
      await d.signOut()
      // <AuthFlow /> mounts on the sign-out: nothing of the link may sign the user back in
      await d.signedOut()
    },
  },
  {
    id: 'email-code',
    title: 'signs in with a code sent by e-mail, from <AuthFlow />; a wrong code is refused',
    offered: (t) => t.capabilities.signUp && t.capabilities.emailOtp,
    async run(d) {
      const email = await d.newAccount()
      await d.signOut()
      const flow = d.page.locator('[data-keyward-flow]')
      await flow.getByRole('form', { name: 'Sign in' }).getByLabel('Email').fill(email)
      await flow.getByRole('button', { name: 'Email me a sign-in code' }).click()
      const byCode = flow.getByRole('form', { name: 'Sign in with a code' })
      await byCode.getByRole('button', { name: 'Send code' }).click()
      await byCode.getByText(`Enter the code we sent to ${email}.`).waitFor({ timeout: AWHILE })
      const code = await d.target.inbox(email, 'email-code')
      await byCode.getByLabel('Code').fill(code === '000000' ? '111111' : '000000')
      await byCode.getByRole('button', { name: 'Sign in' }).click()
      await byCode.getByText('That code is not right, or it expired.').waitFor({ timeout: AWHILE })
      await byCode.getByLabel('Code').fill(code)
      await byCode.getByRole('button', { name: 'Sign in' }).click()
      await d.reloadSignedIn()
    },
  },
  {
    id: 'email-link',
    title: 'signs in with a link sent by e-mail, from <AuthFlow /> (where the backend has links and no codes)',
    offered: (t) => accounts(t) && t.capabilities.magicLink && !t.capabilities.emailOtp && t.capabilities.passwordSignIn,
    async run(d) {
      const email = await d.newAccount()
      await d.signOut()
      const flow = d.page.locator('[data-keyward-flow]')
      await flow.getByRole('button', { name: 'Email me a sign-in link' }).click()
      const byLink = flow.getByRole('form', { name: 'Sign in with a link' })
      await byLink.getByLabel('Email').fill(email)
      await byLink.getByRole('button', { name: 'Send link' }).click()
      await byLink.getByText(`Check your email: we sent a sign-in link to ${email}.`).waitFor({ timeout: AWHILE })
      // opened in this browser, as from a mail app: the server signs in and returns to the page
      await d.page.goto(await d.target.inbox(email, 'magic-link'))
      await d.signedIn()
      addressBarClean(d.page, 'the sign-in link')
      await d.reloadSignedIn()
    },
  },
  {
    id: 'two-step',
    title: 'turns on two-step verification on <MfaSetup />; the next sign-in asks for the code (and takes a backup code)',
    offered: (t) => formAccounts(t) && t.capabilities.mfaTotp && t.pages?.twoStep !== undefined,
    async run(d) {
      const email = await d.newAccount()
      await d.open(d.target.pages!.twoStep)
      const setup = d.page.locator('[data-keyward-form]').filter({ has: d.page.getByRole('button', { name: 'Set up an authenticator app' }) })
      // asked where the backend's setup needs it (better-auth)
      const current = setup.getByLabel('Current password', { exact: true })
      if (await current.count()) await current.fill(d.passwords[0])
      await d.page.getByRole('button', { name: 'Set up an authenticator app' }).click()
      const secret = (await d.page.locator('[data-keyward-secret] code').textContent({ timeout: AWHILE }))?.replace(/\s/g, '') ?? ''
      ensure(/^[A-Z2-7]+=*$/i.test(secret), `no TOTP key on the setup page: ${secret}`)
      const backupCodes = d.target.capabilities.backupCodes ? (await d.page.locator('[data-keyward-backup-codes] li').allTextContents()).map((c) => c.trim()) : []
      ensure(!d.target.capabilities.backupCodes || backupCodes.length > 0, 'the setup showed no backup codes')
      const activation = await totp(secret)
      await d.page.getByLabel('Code', { exact: true }).fill(activation)
      await d.page.getByRole('button', { name: 'Turn on' }).click()
      await d.page.getByText('Two-step verification is on.').waitFor({ timeout: AWHILE })

      await d.open()
      await d.signOut()
      await d.signIn(email, d.passwords[0])
      const flow = d.page.locator('[data-keyward-flow]')
      await flow.getByRole('heading', { name: 'Two-step verification' }).waitFor({ timeout: AWHILE })
      await flow.getByLabel('Code', { exact: true }).fill('000000' === activation ? '111111' : '000000')
      await flow.getByRole('button', { name: 'Verify' }).click()
      await flow.getByText('That code is not right. Use the current code from your app.').waitFor({ timeout: AWHILE })
      await flow.getByLabel('Code', { exact: true }).fill(await freshTotp(d.page, secret, activation))
      await flow.getByRole('button', { name: 'Verify' }).click()
      await d.reloadSignedIn()
      if (backupCodes.length) {
        await d.signOut()
        await d.signIn(email, d.passwords[0])
        await flow.getByRole('button', { name: 'Use a backup code' }).click()
        await flow.getByLabel('Backup code').fill(backupCodes[0]!)
        await flow.getByRole('button', { name: 'Verify' }).click()
        await d.signedIn()
      }
    },
  },
  {
    id: 'passkeys',
    title: 'adds a passkey on <Passkeys />; signed out, <AuthFlow /> signs in with it by autofill, and by its button',
    offered: (t) => accounts(t) && t.capabilities.passkeys && t.pages?.passkeys !== undefined,
    async run(d) {
      const { cdp, authenticatorId } = await virtualAuthenticator(d)
      // counts the page's conditional (autofill) passkey requests
      await d.page.addInitScript(() => {
        const credentials = navigator.credentials
        const get = credentials.get.bind(credentials)
        const w = window as unknown as { __keywardAutofills: number }
        w.__keywardAutofills = 0
        credentials.get = (options?: CredentialRequestOptions) => {
          if (options?.mediation === 'conditional') w.__keywardAutofills += 1
          return get(options)
        }
      })
      const autofills = () => d.page.evaluate(() => (window as unknown as { __keywardAutofills: number }).__keywardAutofills)
      await d.newAccount()
      await d.open(d.target.pages!.passkeys)
      await d.page.getByRole('button', { name: 'Add a passkey' }).click()
      await d.page.getByText(/^Passkey added\./).waitFor({ timeout: AWHILE })
      // the session the app keeps (its storage), to see a new one arrive
      const stored = () => d.page.evaluate(() => JSON.stringify(Object.entries(localStorage).filter(([, value]) => /token|session/i.test(value))))
      // by autofill: signed out on the page, <AuthFlow /> mounts, its e-mail field offers the passkey
      // and the authenticator picks it — signed out only as long as that takes
      await d.open()
      const before = await stored()
      await d.page.locator('[data-keyward-user-button]').locator('button').first().click()
      await d.page.getByRole('menuitem', { name: 'Sign out', exact: true }).click()
      await until(
        d.page,
        async () => {
          const now = await stored()
          return now !== before && now !== '[]'
        },
        'the passkey autofill did not sign in again after the sign-out',
      )
      await d.signedIn()
      // by button: the passkey leaves the authenticator while signed out, so the autofill finds
      // nothing to offer; it comes back before the click, as if the person took their phone out
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
      await cdp.send('WebAuthn.clearCredentials', { authenticatorId })
      const asked = await autofills()
      await d.signOut()
      // the form's autofill request is out (and finds nothing); where the browser turns it down (Chromium's
      // virtual authenticator does, as when a user dismisses the sheet) the form asks again a few times,
      // then rests: the passkey comes back only once it rests, so that it is the button that uses it
      await until(d.page, async () => (await autofills()) !== asked, '<AuthFlow /> offered no passkey autofill after the sign-out')
      for (let seen = -1, now = await autofills(); seen !== now; now = await autofills()) {
        seen = now
        await d.page.waitForTimeout(1000)
      }
      for (const credential of credentials) await cdp.send('WebAuthn.addCredential', { authenticatorId, credential })
      await d.page.locator('[data-keyward-flow]').getByRole('button', { name: 'Sign in with a passkey' }).click()
      await d.reloadSignedIn()
    },
  },
  {
    id: 'passkey-sign-up',
    title: 'creates an account with a passkey and no password on <AuthFlow />; signed out, it signs in again',
    offered: (t) => t.capabilities.signUp && t.capabilities.passkeySignUp && t.capabilities.passkeys,
    async run(d) {
      const { cdp, credentials } = await virtualAuthenticator(d)
      const email = d.email()
      await d.open()
      const flow = d.page.locator('[data-keyward-flow]')
      await flow.getByRole('button', { name: 'Create one' }).click()
      const form = flow.getByRole('form', { name: 'Create your account' })
      await form.getByLabel('Email').fill(email)
      await form.getByRole('button', { name: 'Sign up with a passkey' }).click()
      const menu = d.page.locator('[data-keyward-user-button]')
      const check = flow.getByText('Check your email', { exact: false })
      await menu.or(check).first().waitFor({ timeout: AWHILE })
      if (!(await menu.isVisible())) await d.page.goto(await d.target.inbox(email, 'verify-email'))
      await d.signedIn()
      ensure((await credentials()).length === 1, 'the authenticator holds no passkey after the passkey sign-up')
      // the passkey is the account's only way in
      await backInByAutofill(d, cdp, 'the new account did not sign in again with its passkey')
    },
  },
  {
    id: 'passkey-list-in-step',
    title: 'adds two passkeys on <Passkeys />, removes one: the browser stops offering it (the Signal API), the other still signs in',
    offered: (t) => accounts(t) && t.capabilities.passkeys && t.capabilities.passkeyManagement && t.pages?.passkeys !== undefined,
    async run(d) {
      const { cdp, authenticatorId, credentials } = await virtualAuthenticator(d)
      await d.newAccount()
      await d.open(d.target.pages!.passkeys)
      const cards = d.page.locator('[data-keyward-passkey-card]')
      await d.page.getByRole('button', { name: 'Add a passkey' }).click()
      await cards.first().waitFor({ timeout: AWHILE })
      // a second authenticator (a security key beside the laptop's), used for the second passkey
      const second = await virtualAuthenticator(d, 'usb', cdp)
      await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: false })
      await d.page.getByRole('button', { name: 'Add a passkey' }).click()
      await until(d.page, async () => (await cards.count()) === 2, 'the second passkey was not listed')
      await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: true })
      const held = async () => (await credentials()).length + (await second.credentials()).length
      ensure((await held()) === 2, `the authenticators hold ${await held()} passkeys, not 2`)
      // one goes: the server drops it, the browser is told which ones remain and drops it too
      await cards.first().getByRole('button', { name: /^Remove/ }).click()
      await until(d.page, async () => (await cards.count()) === 1, 'the removed passkey stayed listed')
      await until(d.page, async () => (await held()) === 1, 'the browser still offers the removed passkey: no accepted list was signalled')
      // the one left signs in: signed out, <AuthFlow />'s autofill offers it and the authenticator picks it
      await backInByAutofill(d, cdp, 'the passkey left did not sign in again')
    },
  },
  {
    id: 'sessions',
    title: 'lists the devices signed in on <Sessions /> and signs another one out',
    offered: (t) => formAccounts(t) && t.capabilities.sessions && t.pages?.sessions !== undefined,
    async run(d) {
      const email = await d.newAccount()
      const other = await d.otherDevice(email, d.passwords[0])
      await d.open(d.target.pages!.sessions)
      const devices = d.page.locator('[data-keyward-list] li')
      await devices.nth(1).waitFor({ timeout: AWHILE })
      ensure((await devices.count()) === 2, `listed ${await devices.count()} devices, not 2`)
      ensure((await d.page.locator('[data-keyward-list] li[data-state="current"]').count()) === 1, 'this device is not marked')
      await d.page.locator('[data-keyward-list] li[data-state="other"]').getByRole('button', { name: /Sign out/ }).click()
      await until(d.page, async () => (await devices.count()) === 1, 'the other device stayed listed')
      // the other device finds out when it next talks to the server with that session: on its next page
      // load where the backend confirms a session there, else on its next request with it (its own
      // devices page); either way it then shows the sign-in forms
      await other.reload()
      await other.goto(new URL(d.target.pages!.sessions!, d.target.url).href)
      await other.waitForLoadState('networkidle')
      await other.goto(d.target.url)
      await other.locator('[data-keyward-flow]').waitFor({ timeout: AWHILE })
      await d.signedIn()
    },
  },
  {
    id: 'change-password',
    title: 'changes the password on <ChangePassword />; the old one is refused, the new one signs in',
    offered: (t) => formAccounts(t) && t.capabilities.changePassword && t.pages?.changePassword !== undefined,
    async run(d) {
      const email = await d.newAccount()
      await d.open(d.target.pages!.changePassword)
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
      await d.reloadSignedIn()
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
  const flowOf = (on: Page) => on.locator('[data-keyward-flow]')
  const menuOf = (on: Page) => on.locator('[data-keyward-user-button]')
  const flow = flowOf(page)
  const menu = menuOf(page)
  const others: BrowserContext[] = []
  context.on('close', () => void Promise.all(others.map((other) => other.close())))

  async function signIn(on: Page, email: string, password: string) {
    if (!target.capabilities.passwordSignIn && target.serverPages?.signIn) return target.serverPages.signIn(on, email, password)
    const form = flowOf(on).getByRole('form', { name: 'Sign in' })
    await form.waitFor({ timeout: AWHILE })
    await form.getByLabel('Email').fill(email)
    await form.getByLabel('Password', { exact: true }).fill(password)
    await form.getByRole('button', { name: 'Sign in', exact: true }).click()
  }

  const driver: ConformanceDriver = {
    page,
    context,
    target,
    passwords,
    email: () => target.email?.(journey) ?? `${journey}-${Math.random().toString(36).slice(2, 10)}@example.com`,
    async open(url = target.url) {
      await page.goto(new URL(url, target.url).href)
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
    async reloadSignedIn() {
      await driver.signedIn()
      // from the first byte of the reloaded page: did the sign-in forms ever show?
      await page.addInitScript(() => {
        const w = window as unknown as { __keywardFlash?: boolean }
        w.__keywardFlash = false
        new MutationObserver(() => {
          if (document.querySelector('[data-keyward-flow]') !== null) w.__keywardFlash = true
        }).observe(document, { childList: true, subtree: true })
      })
      await page.reload()
      await driver.signedIn()
      ensure(!(await page.evaluate(() => (window as unknown as { __keywardFlash?: boolean }).__keywardFlash)), 'the reloaded page showed the signed-out forms before the session')
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
      if (await menu.isVisible()) return 'signed-in'
      const link = await target.inbox(email, 'verify-email')
      const proceed = flow.getByRole('button', { name: 'Continue', exact: true })
      if (await proceed.isVisible()) {
        // the sign-up waits on this page (CREDEBL): the link opened in another tab, as from a mail app
        const mail = await context.newPage()
        await mail.goto(link)
        await mail.getByText('Your email is verified.').waitFor({ timeout: AWHILE })
        addressBarClean(mail, 'the verification link')
        await mail.close()
        await proceed.click()
      } else {
        await page.goto(link)
        await menu.or(flow.getByRole('form', { name: 'Sign in' })).first().waitFor({ timeout: AWHILE })
        if (!(await menu.isVisible())) await signIn(page, email, password)
      }
      await driver.signedIn()
      return 'link-first'
    },
    signIn: (email, password) => signIn(page, email, password),
    async signOut() {
      await menu.locator('button').first().click()
      await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click()
      await target.serverPages?.signOut?.(page)
      await flow.waitFor({ timeout: AWHILE })
    },
    async newAccount() {
      const email = driver.email()
      await driver.open()
      if (target.capabilities.signUp) await driver.signUp(email)
      else await signIn(page, email, passwords[0])
      await driver.signedIn()
      return email
    },
    async refused(email, password) {
      await signIn(page, email, password)
      await flow.getByText('Wrong email or password.').waitFor({ timeout: AWHILE })
    },
    async otherDevice(email, password) {
      const browser = context.browser()
      ensure(browser !== null, 'a second device needs the browser the context came from')
      const other = await browser.newContext()
      others.push(other)
      const second = await other.newPage()
      await second.goto(target.url)
      await signIn(second, email, password)
      await menuOf(second).waitFor({ timeout: AWHILE })
      return second
    },
  }
  return driver
}
