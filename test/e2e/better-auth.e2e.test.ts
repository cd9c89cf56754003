import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { uniqueEmail, useBetterAuthDemo } from './browser.ts'
import { code, form, go, NEW_PASSWORD, nextTotpCode, PASSWORD, signIn, signInWithPasskeyTwice, signOut } from './demo-pages.ts'

// The same demo and the same drop-in forms as the Nhost journey (forms.e2e.test.ts), driven in
// Chromium against a real better-auth server (servers/better-auth) instead of the embedded reference
// backend: only the adapter differs.

const env = useBetterAuthDemo()

interface Sent {
  to: string
  kind: string
  link?: string
}
async function outbox(page: Page, to: string, kind: string): Promise<string> {
  const messages = (await (await page.request.get(`${env.authUrl}/__outbox`)).json()) as Sent[]
  const message = messages.reverse().find((m) => m.to === to && m.kind === kind)
  if (!message?.link) throw new Error(`no ${kind} for ${to}`)
  return message.link
}

async function open(context: BrowserContext, path: string): Promise<[Page, string[]]> {
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${env.demo.url}${path}`)
  return [page, errors]
}

/** What better-auth says of the page's session (the bearer token the demo keeps), or `null`. */
async function serverSession(page: Page): Promise<{ user: { email: string; emailVerified: boolean; twoFactorEnabled?: boolean } } | null> {
  const stored = await page.evaluate(() => localStorage.getItem('keyward.demo.better-auth'))
  const token = stored ? (JSON.parse(stored) as { accessToken?: string }).accessToken : undefined
  if (!token) return null
  const reply = await page.request.get(`${env.authUrl}/api/auth/get-session`, { headers: { authorization: `Bearer ${token}`, origin: env.demo.url } })
  return reply.json()
}

/** The two-step challenge passed with a backup code instead of the app's. */
async function passWithBackupCode(page: Page, backupCode: string) {
  await page.getByRole('button', { name: 'Use a backup code' }).click()
  await page.getByLabel('Backup code').fill(backupCode)
  await page.getByRole('button', { name: 'Verify' }).click()
}

describe('drop-in forms in Chromium on a real better-auth server', () => {
  it('runs the whole journey: sign-up, verification, TOTP with backup codes, passkeys, sessions, password reset', async () => {
    const context = await env.browser.newContext()
    const [page, errors] = await open(context, '/sign-up')
    await page.locator('[data-backend]').getByText('on better-auth').waitFor()
    const email = uniqueEmail('ba-journey')
    const cdp = await context.newCDPSession(page)
    await cdp.send('WebAuthn.enable')
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    })

    // sign up (better-auth signs the new account in), then open the verification link: the server
    // verifies the address and sends the browser back to the demo's /verify-email
    await form(page, 'Create your account').getByLabel('Email').fill(email)
    await form(page, 'Create your account').getByLabel('Password').fill(PASSWORD)
    await form(page, 'Create your account').getByRole('button', { name: 'Create account' }).click()
    await page.getByText('Session: signedIn').waitFor()
    expect((await serverSession(page))?.user).toMatchObject({ email, emailVerified: false })
    await page.goto(await outbox(page, email, 'verify-email'))
    // <VerifyEmail /> on /verify-email: verified, the session kept (the same one: its cookie names it
    // too), and onVerified sends the demo home, as on Nhost
    await page.waitForURL((url) => url.origin === env.demo.url && url.pathname === '/')
    await page.getByText('Session: signedIn').waitFor()
    expect((await serverSession(page))?.user).toMatchObject({ email, emailVerified: true })

    // sign out and in with the password
    await go(page, 'AuthFlow')
    await signOut(page)
    await go(page, 'Sign in')
    await signIn(page, email, PASSWORD)
    await page.getByText('Session: signedIn').waitFor()

    // two-step setup: better-auth asks for the password, then shows the QR code, the key and backup codes
    await go(page, 'Two-step')
    await page.getByLabel('Current password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click()
    const secret = (await page.locator('[data-keyward-secret] code').textContent())!.replace(/\s/g, '')
    const backupCodes = (await page.locator('[data-keyward-backup-codes] li').allTextContents()).map((c) => c.trim())
    expect(backupCodes.length).toBeGreaterThanOrEqual(8)
    const activation = code(secret)
    await page.getByLabel('Code', { exact: true }).fill(activation)
    await page.getByRole('button', { name: 'Turn on' }).click()
    await page.getByText('Two-step verification is on.').waitFor()
    // turning it on replaced the session on the server: the demo holds the new one
    expect((await serverSession(page))?.user).toMatchObject({ email, twoFactorEnabled: true })

    // sign in with a code from the app (no ticket: better-auth keeps the pending sign-in in a cookie)
    await signOut(page)
    await go(page, 'Sign in')
    await signIn(page, email, PASSWORD)
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor()
    await page.getByLabel('Code', { exact: true }).fill(await nextTotpCode(secret, activation))
    await page.getByRole('button', { name: 'Verify' }).click()
    await page.getByText('Session: signedIn').waitFor()

    // and with a backup code
    await signOut(page)
    await go(page, 'Sign in')
    await signIn(page, email, PASSWORD)
    await passWithBackupCode(page, backupCodes[0]!)
    await page.getByText('Session: signedIn').waitFor()

    // add a passkey with the virtual authenticator; it is listed; sign in with it by button, then by autofill
    await go(page, 'Passkeys')
    await page.getByRole('button', { name: 'Add a passkey' }).click()
    await page.getByText('Passkey added.').waitFor()
    await expect.poll(() => page.locator('[data-keyward-list] li').count()).toBe(1)
    await signInWithPasskeyTwice(page, env.demo.url)

    // another device signs in (password and a backup code); this one lists both and signs the other out
    const other = await env.browser.newContext()
    const [otherPage] = await open(other, '/sign-in')
    await signIn(otherPage, email, PASSWORD)
    await passWithBackupCode(otherPage, backupCodes[1]!)
    await otherPage.getByText('Session: signedIn').waitFor()
    await go(page, 'Devices')
    const devices = page.locator('[data-keyward-list] li')
    await expect.poll(() => devices.count()).toBe(2)
    await expect.poll(() => page.locator('[data-keyward-list] li[data-state="current"]').count()).toBe(1)
    await page.locator('[data-keyward-list] li[data-state="other"]').getByRole('button', { name: /Sign out/ }).click()
    await expect.poll(() => devices.count()).toBe(1)
    // the other device's token is no longer a session: on its next page load it is shown signed in
    // from storage, then signed out once the server confirms
    expect(await serverSession(otherPage)).toBeNull()
    await otherPage.reload()
    await otherPage.getByText('Session: signedOut').waitFor()
    await other.close()

    // forgot password → the e-mailed link (through the server, to /reset-password?token=…) → a new
    // password; from a device without the passkey, so the sign-in form's autofill does not answer
    await page.goto(`${env.demo.url}/forgot-password`)
    await signOut(page)
    await page.getByLabel('Email').fill(email)
    await page.getByRole('button', { name: 'Send link' }).click()
    await page.getByText('If an account exists for that address, a link is on its way.').waitFor()
    await page.goto(await outbox(page, email, 'reset-password'))
    await page.waitForURL((url) => url.origin === env.demo.url && url.pathname === '/reset-password')
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Save password' }).click()
    await page.getByText('Your password has been changed.').waitFor()
    // the token left the address bar
    expect(new URL(page.url()).searchParams.has('token')).toBe(false)
    await cdp.send('WebAuthn.clearCredentials', { authenticatorId })
    await go(page, 'Sign in')
    await signIn(page, email, PASSWORD)
    await form(page, 'Sign in').getByText('Wrong email or password.').waitFor()
    await signIn(page, email, NEW_PASSWORD)
    await passWithBackupCode(page, backupCodes[2]!)
    await page.getByText('Session: signedIn').waitFor()
    expect(errors).toEqual([])
    await context.close()
  }, 180_000) // one wait for a fresh 30-second TOTP window
})
