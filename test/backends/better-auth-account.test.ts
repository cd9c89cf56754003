import { describe, expect, inject, it, vi } from 'vitest'
import { betterAuth } from '../../src/backends/better-auth/index.ts'
import { type TOTP, URI } from 'otpauth'
import { capabilitiesOf, createAuthClient, memoryStorage } from '../../src/index.ts'
import { activateTotp, changePassword, completePasswordReset, disableTotp, regenerateBackupCodes, startTotpSetup, verifyBackupCode, verifyEmail, handleAuthRedirect, listSessions, requestPasswordReset, revokeSession, sendEmailOtp, signInAnonymously, verifyEmailOtp, sendVerificationEmail, sendMagicLink } from '../../src/core/index.ts'
import { cookieJar, PAGE, PASSWORD, pageFetch } from '../support/better-auth.ts'

const cookieFetch = () => cookieJar().fetch

// Account flows of the better-auth adapter through keyward's public flow functions, against the real
// better-auth server of the run. The page is http://localhost:3000: its fetch sends that Origin, as a
// browser would, and better-auth trusts it for redirect URLs.

const server = inject('betterAuthUrl')
const backend = betterAuth({ url: `${server}/api/auth` })

interface Sent {
  to: string
  kind: string
  link: string
  otp?: string
}
async function lastMessage(to: string, kind: string): Promise<Sent> {
  const outbox = (await (await fetch(`${server}/__outbox`)).json()) as Sent[]
  const message = outbox.reverse().find((m) => m.to === to && m.kind === kind)
  if (!message) throw new Error(`no ${kind} for ${to}`)
  return message
}

async function signedInClient(name: string) {
  const email = `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`
  const client = createAuthClient({ backend, storage: memoryStorage(), fetch: pageFetch, allowedRedirects: [PAGE] })
  client.start()
  await client.ready()
  await client.signUp({ email, password: PASSWORD })
  return { client, email }
}

describe('better-auth account flows', () => {
  it('resets a forgotten password through the e-mailed link, and ends the old sessions', async () => {
    const { client, email } = await signedInClient('reset')
    const stranger = createAuthClient({ backend, storage: memoryStorage(), fetch: pageFetch, allowedRedirects: [PAGE] })
    await requestPasswordReset(stranger, { email, redirectTo: `${PAGE}/reset` })
    // the link goes to the auth server, which sends the browser on to the page with the token
    const hop = await fetch((await lastMessage(email, 'reset-password')).link, { redirect: 'manual' })
    const landed = new URL(hop.headers.get('location')!)
    expect(landed.origin + landed.pathname).toBe(`${PAGE}/reset`)
    // the page is marked: better-auth sends back nothing but the token
    expect(landed.searchParams.get('keyward')).toBe('reset-password')
    const redirect = await handleAuthRedirect(stranger, landed)
    expect(redirect).toEqual({ kind: 'new-password', purpose: 'reset-password', email: null })
    await completePasswordReset(stranger, { newPassword: 'a brand new password' })
    // a spent token is refused with a code
    await expect(completePasswordReset(stranger, { newPassword: 'yet another password', ticket: landed.searchParams.get('token')! })).rejects.toMatchObject({ code: 'invalid-ticket' })
    expect(await stranger.signInWithPassword({ email, password: 'a brand new password' })).toMatchObject({ kind: 'session' })
    await expect(stranger.signInWithPassword({ email, password: PASSWORD })).rejects.toMatchObject({ code: 'invalid-email-password' })
    // the session from before the reset ended on the server
    const old = await client.fetch(`${server}/api/auth/get-session`)
    expect(await old.json()).toBeNull()
  })

  it('reads a link that failed (?error=INVALID_TOKEN) as invalid-ticket', async () => {
    const client = createAuthClient({ backend, storage: memoryStorage(), fetch: pageFetch, allowedRedirects: [PAGE] })
    await expect(handleAuthRedirect(client, `${PAGE}/reset?keyward=reset-password&error=INVALID_TOKEN`)).rejects.toMatchObject({ code: 'invalid-ticket', serverCode: 'INVALID_TOKEN' })
    // the same parameter on a page the adapter did not mark is the app's own
    expect(await handleAuthRedirect(client, `${PAGE}/reset?error=INVALID_TOKEN`)).toBeNull()
  })

  it('sends the verification e-mail again, to the page it should return to', async () => {
    const { client, email } = await signedInClient('verify')
    await sendVerificationEmail(client, { email, redirectTo: `${PAGE}/verified` })
    const link = new URL((await lastMessage(email, 'verify-email')).link)
    // marked, so the landing page can tell a verified address from a page opened without a link
    expect(link.searchParams.get('callbackURL')).toBe(`${PAGE}/verified?keyward=verify-email`)
    // following it verifies the address, and lands on the marked page
    const landing = (await fetch(link, { redirect: 'manual' })).headers.get('location')!
    expect(await handleAuthRedirect(client, landing)).toEqual({ kind: 'verified', purpose: 'verify-email' })
    const me = (await (await client.fetch(`${server}/api/auth/get-session`)).json()) as { user: { emailVerified: boolean } }
    expect(me.user.emailVerified).toBe(true)
  })

  it("lists the user's sessions, marks this one, and revokes another without handing its token to the app", async () => {
    const { client, email } = await signedInClient('sessions')
    const elsewhere = createAuthClient({ backend, storage: memoryStorage(), fetch: pageFetch })
    await elsewhere.signInWithPassword({ email, password: PASSWORD })
    const sessions = await listSessions(client)
    expect(sessions).toHaveLength(2)
    expect(sessions.filter((s) => s.current)).toHaveLength(1)
    const other = sessions.find((s) => !s.current)!
    expect(JSON.stringify(sessions)).not.toContain(String(elsewhere.getSnapshot().session!.accessToken).split('.')[0])
    await revokeSession(client, other.id)
    expect(await (await elsewhere.fetch(`${server}/api/auth/get-session`)).json()).toBeNull()
    expect(await listSessions(client)).toHaveLength(1)
  })

  it('turns two-factor on with the password: a TOTP URI and backup codes, on once a code from the app confirms it', async () => {
    const { client, email } = await signedInClient('totp-setup')
    expect(capabilitiesOf(backend)).toMatchObject({ mfaTotp: true, backupCodes: true, changePassword: true, passkeyManagement: true })
    // the password is checked before any request; a wrong one is refused by the server
    await expect(startTotpSetup(client, {})).rejects.toMatchObject({ code: 'invalid_input' })
    await expect(startTotpSetup(client, { password: 'not the password' })).rejects.toMatchObject({ code: 'invalid-email-password' })
    const setup = await startTotpSetup(client, { password: PASSWORD })
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\//)
    expect(setup.backupCodes.length).toBeGreaterThanOrEqual(8)
    expect(setup.qrSvg).toContain('<svg')
    // not on until confirmed: signing in elsewhere asks for no code yet
    const elsewhere = createAuthClient({ backend, storage: memoryStorage(), fetch: pageFetch })
    expect(await elsewhere.signInWithPassword({ email, password: PASSWORD })).toMatchObject({ kind: 'session' })
    const totp = URI.parse(setup.uri) as TOTP
    await expect(activateTotp(client, totp.generate() === '000000' ? '111111' : '000000')).rejects.toMatchObject({ code: 'invalid-totp' })
    const before = client.getSnapshot().session!.accessToken
    await activateTotp(client, totp.generate())
    // better-auth replaced the session: the client holds the new one, and it works
    expect(client.getSnapshot().session!.accessToken).not.toBe(before)
    expect(client.getSnapshot().user).toMatchObject({ activeMfaType: 'totp' })
    expect((await (await client.fetch(`${server}/api/auth/get-session`)).json()) as unknown).not.toBeNull()
    // now a sign-in asks for the second factor, and a backup code from setup finishes it, once
    const jar = createAuthClient({ backend, storage: memoryStorage(), fetch: cookieFetch() })
    expect(await jar.signInWithPassword({ email, password: PASSWORD })).toMatchObject({ kind: 'mfa', methods: ['totp', 'backup-code'] })
    expect(await verifyBackupCode(jar, { code: setup.backupCodes[0]! })).toMatchObject({ user: { email } })
    await jar.signOut()
    await jar.signInWithPassword({ email, password: PASSWORD })
    await expect(verifyBackupCode(jar, { code: setup.backupCodes[0]! })).rejects.toMatchObject({ code: 'invalid-totp' })
  })

  it('says the setup is wrong, naming the cookie settings, when the two-factor cookie cannot come back because the page is on another site', async () => {
    const { client, email } = await signedInClient('cross-site')
    const setup = await startTotpSetup(client, { password: PASSWORD })
    await activateTotp(client, (URI.parse(setup.uri) as TOTP).generate())
    // a fetch that keeps no cookies: what a browser does with SameSite=Lax cookies on a cross-site request
    const withoutCookies = () => createAuthClient({ backend, storage: memoryStorage(), fetch: pageFetch })
    vi.stubGlobal('location', new URL('https://app.example.com/sign-in'))
    try {
      const far = withoutCookies()
      expect(await far.signInWithPassword({ email, password: PASSWORD })).toMatchObject({ kind: 'mfa' })
      const refused = verifyBackupCode(far, { code: setup.backupCodes[0]! })
      await expect(refused).rejects.toMatchObject({ code: 'misconfigured', serverCode: 'INVALID_TWO_FACTOR_COOKIE' })
      await expect(refused).rejects.toThrow(/different sites.*SameSite=Lax.*defaultCookieAttributes/)
      // the page on the server's own site: the cookie was sent and is spent or expired — the step's own words
      vi.stubGlobal('location', new URL(`${new URL(server).protocol}//${new URL(server).hostname}:3000/sign-in`))
      const near = withoutCookies()
      await near.signInWithPassword({ email, password: PASSWORD })
      await expect(verifyBackupCode(near, { code: setup.backupCodes[0]! })).rejects.toMatchObject({ code: 'invalid-ticket' })
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('regenerates backup codes (the old ones stop working) and turns two-factor off with the password', async () => {
    const { client, email } = await signedInClient('totp-off')
    const setup = await startTotpSetup(client, { password: PASSWORD })
    await activateTotp(client, (URI.parse(setup.uri) as TOTP).generate())
    const fresh = await regenerateBackupCodes(client, { password: PASSWORD })
    expect(fresh).not.toEqual(setup.backupCodes)
    const jar = createAuthClient({ backend, storage: memoryStorage(), fetch: cookieFetch() })
    await jar.signInWithPassword({ email, password: PASSWORD })
    await expect(verifyBackupCode(jar, { code: setup.backupCodes[1]! })).rejects.toMatchObject({ code: 'invalid-totp' })
    expect(await verifyBackupCode(jar, { code: fresh[0]! })).toMatchObject({ user: { email } })
    await expect(disableTotp(client, { password: 'not the password' })).rejects.toMatchObject({ code: 'invalid-email-password' })
    await disableTotp(client, { password: PASSWORD })
    expect(client.getSnapshot().user).toMatchObject({ activeMfaType: null })
    expect(await jar.signInWithPassword({ email, password: PASSWORD })).toMatchObject({ kind: 'session' })
  })

  it('changes the password with the current one, which it requires', async () => {
    const { client, email } = await signedInClient('change')
    await expect(changePassword(client, { newPassword: 'a new long password' })).rejects.toMatchObject({ code: 'invalid_input' })
    await expect(changePassword(client, { newPassword: 'a new long password', currentPassword: 'wrong password' })).rejects.toMatchObject({ code: 'invalid-email-password' })
    await changePassword(client, { newPassword: 'a new long password', currentPassword: PASSWORD })
    const other = createAuthClient({ backend, storage: memoryStorage(), fetch: pageFetch })
    expect(await other.signInWithPassword({ email, password: 'a new long password' })).toMatchObject({ kind: 'session' })
    // this session stays signed in
    expect(await (await client.fetch(`${server}/api/auth/get-session`)).json()).not.toBeNull()
  })

  it('verifies the address with the token from the e-mail, once', async () => {
    const { client, email } = await signedInClient('verify-token')
    await sendVerificationEmail(client, { email })
    const token = new URL((await lastMessage(email, 'verify-email')).link).searchParams.get('token')!
    await verifyEmail(client, { token })
    expect(client.getSnapshot().user).toMatchObject({ emailVerified: true })
    await expect(verifyEmail(client, { token: 'not-a-token' })).rejects.toMatchObject({ code: 'invalid-ticket' })
  })

  it('signs in with a code sent by e-mail, and refuses a wrong one with invalid-otp', async () => {
    const { client: first, email } = await signedInClient('otp')
    await first.signOut()
    const client = createAuthClient({ backend, storage: memoryStorage(), fetch: pageFetch })
    await sendEmailOtp(client, email)
    const { otp } = await lastMessage(email, 'otp-sign-in')
    await expect(verifyEmailOtp(client, { email, otp: otp === '000000' ? '111111' : '000000' })).rejects.toMatchObject({ code: 'invalid-otp' })
    expect(client.getSnapshot().status).not.toBe('signedIn')
    await verifyEmailOtp(client, { email, otp: otp! })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
  })

  it('signs in by magic link: the server signs the browser in with its cookie, the landing page reads that session, once', async () => {
    const email = `magic-${crypto.randomUUID().slice(0, 8)}@example.com`
    // one browser: the page's calls and the opened link share its cookies
    const browser = cookieJar().fetch
    const client = createAuthClient({ backend, storage: memoryStorage(), fetch: browser, allowedRedirects: [PAGE] })
    await sendMagicLink(client, { email, redirectTo: `${PAGE}/welcome?tab=1` })
    const { link } = await lastMessage(email, 'magic-link')
    const hop = await browser(link, { redirect: 'manual' })
    const landed = new URL(hop.headers.get('location')!)
    expect(landed.origin + landed.pathname).toBe(`${PAGE}/welcome`)
    expect(landed.searchParams.get('tab')).toBe('1')
    // the address bar loses keyward's mark, and never held a token
    expect(await handleAuthRedirect(client, landed)).toMatchObject({ kind: 'signedIn', purpose: 'sign-in' })
    expect(landed.search).not.toMatch(/token/)
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email, emailVerified: true } })
    // the session is a bearer session like any other
    expect(await (await client.fetch(`${server}/api/auth/get-session`)).json()).toMatchObject({ user: { email } })

    // the same link again: the server sends the browser back with an error
    const again = new URL((await browser(link, { redirect: 'manual' })).headers.get('location')!)
    await expect(handleAuthRedirect(createAuthClient({ backend, storage: memoryStorage(), fetch: browser }), again)).rejects.toMatchObject({ code: 'invalid-ticket' })
    // a browser without the server's cookie cannot finish a landing
    await expect(handleAuthRedirect(createAuthClient({ backend, storage: memoryStorage(), fetch: pageFetch }), landed)).rejects.toMatchObject({ code: 'invalid-ticket' })
  })

  it('refuses a magic link to a page outside the allowlist before anything is sent', async () => {
    const client = createAuthClient({ backend, storage: memoryStorage(), fetch: pageFetch, allowedRedirects: [PAGE] })
    const email = `magic-out-${crypto.randomUUID().slice(0, 8)}@example.com`
    await expect(sendMagicLink(client, { email, redirectTo: 'https://evil.example/' })).rejects.toMatchObject({ code: 'redirectTo-not-allowed' })
    await expect(lastMessage(email, 'magic-link')).rejects.toThrow(/no magic-link/)
  })

  it('signs a guest in anonymously', async () => {
    const client = createAuthClient({ backend, storage: memoryStorage(), fetch: pageFetch })
    const session = await signInAnonymously(client)
    expect(session.user).toMatchObject({ isAnonymous: true })
    expect(capabilitiesOf(backend)).toMatchObject({ anonymous: true, emailOtp: true, magicLink: true })
    // the token is a session the server knows
    expect(await (await client.fetch(`${server}/api/auth/get-session`)).json()).toMatchObject({ user: { id: session.user!.id } })
  })
})
