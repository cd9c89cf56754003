import type { TOTP} from 'otpauth';
import { URI } from 'otpauth'
import { afterEach, describe, expect, it } from 'vitest'
import { supabase } from '../../src/backends/supabase/index.ts'
import { capabilitiesOf, createAuthClient, memoryStorage } from '../../src/index.ts'
import { decodeJwtClaims } from '../../src/backends/kit/index.ts'
import { signInFlow } from '../../src/core/sign-in.ts'
import { activateTotp, changePassword, completePasswordReset, deanonymize, disableTotp, handleAuthRedirect, signOutOthers, oauthProviderUrl, requestPasswordReset, sendEmailOtp, sendMagicLink, sendSmsOtp, verifySmsOtp, signInAnonymously, startTotpSetup, verifyEmailOtp, verifyTotp } from '../../src/core/index.ts'
import { supabaseContract } from '../contract/supabase/checker.ts'
import { supabaseStandIn, type SupabaseStandInOptions } from '../standins/supabase.ts'

// The Supabase adapter against the stand-in (test/standins/supabase.ts, checked with Supabase's own
// client in supabase-official-client.test.ts), configured as a project usually is: confirmation on,
// the e-mail templates linking to the app's page with `token_hash` and `type`.

const URL_ = 'https://project.supabase.test'
const PAGE = 'https://app.example/welcome'
const PASSWORD = 'correct horse battery'

// every reply the adapter reads is checked against @supabase/auth-js's types
let contract = supabaseContract()
afterEach(() => {
  expect(contract.violations).toEqual([])
  contract = supabaseContract()
})

function setup(standInOptions: SupabaseStandInOptions = {}, adapter: { anonymous?: boolean; phone?: boolean } = {}) {
  const standIn = supabaseStandIn(standInOptions)
  const backend = supabase({ url: URL_, anonKey: standIn.anonKey, ...adapter })
  const fetch = contract.wrap(standIn.fetch)
  const client = () => createAuthClient({ backend, fetch, storage: memoryStorage(), sync: false, locks: null, allowedRedirects: ['https://app.example'] })
  return { standIn, backend, client }
}
const uniqueEmail = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`

/** A confirmed account, signed in on `client`. */
async function confirmed(env: ReturnType<typeof setup>, name: string) {
  const client = env.client()
  const email = uniqueEmail(name)
  expect(await client.signUp({ email, password: PASSWORD, redirectTo: PAGE })).toMatchObject({ kind: 'verify-email' })
  expect(await handleAuthRedirect(client, env.standIn.link(env.standIn.lastMessage(email, 'signup')))).toMatchObject({ kind: 'signedIn' })
  return { client, email }
}

describe('supabase(): what it offers', () => {
  it('offers password, confirmation, TOTP, reset, codes, links and refresh; anonymous and SMS where the project has them; no backup codes, sessions list or passkeys', () => {
    const { backend } = setup()
    expect(capabilitiesOf(backend)).toMatchObject({
      passwordSignIn: true,
      signUp: true,
      refresh: true,
      signOutEverywhere: true,
      signOutOthers: true,
      emailVerification: true,
      mfaTotp: true,
      backupCodes: false,
      passwordReset: true,
      changePassword: true,
      magicLink: true,
      emailOtp: true,
      smsOtp: false,
      anonymous: false,
      sessions: false,
      passkeys: false,
      oauth: true,
    })
    expect(capabilitiesOf(supabase({ url: URL_, anonKey: 'k', anonymous: true, phone: true }))).toMatchObject({ anonymous: true, smsOtp: true })
    expect(backend.traits).toMatchObject({ transport: 'bearer', refreshTokenReuseInterval: 10, passwordPolicy: { minLength: 6 } })
  })
})

describe('sign-up and sign-in', () => {
  it('signs up to a confirmation; its link (token hash on the marked page) signs in, and leaves the address bar', async () => {
    const env = setup()
    const client = env.client()
    const email = uniqueEmail('sb-signup')
    await expect(client.signInWithPassword({ email, password: PASSWORD })).rejects.toMatchObject({ code: 'invalid-email-password' })
    expect(await client.signUp({ email, password: PASSWORD, displayName: 'Ada', redirectTo: PAGE })).toEqual({ kind: 'verify-email', email })
    await expect(client.signInWithPassword({ email, password: PASSWORD })).rejects.toMatchObject({ code: 'unverified-user', serverCode: 'email_not_confirmed' })
    const sent = env.standIn.lastMessage(email, 'signup')
    // the confirmation goes back to the page given, marked
    expect(new URL(sent.redirectTo).searchParams.get('keyward')).toBe('verify-email')
    const landed = await handleAuthRedirect(client, env.standIn.link(sent))
    expect(landed).toMatchObject({ kind: 'signedIn', purpose: 'verify-email' })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email, emailVerified: true, displayName: 'Ada' } })
    expect(client.getSnapshot().session).toMatchObject({ accessToken: expect.stringMatching(/^eyJ/), refreshToken: expect.any(String), sessionId: expect.any(String) })
    // spent: a link opened again is refused as a link
    await expect(handleAuthRedirect(env.client(), env.standIn.link(sent))).rejects.toMatchObject({ code: 'invalid-ticket', serverCode: 'otp_expired' })
  })

  it('refuses a wrong password, a weak and a short one, with their codes', async () => {
    const env = setup()
    const { email } = await confirmed(env, 'sb-refused')
    const other = env.client()
    await expect(other.signInWithPassword({ email, password: 'not the password' })).rejects.toMatchObject({ code: 'invalid-email-password', serverCode: 'invalid_credentials' })
    await expect(other.signUp({ email: uniqueEmail('sb-short'), password: '12345' })).rejects.toMatchObject({ code: 'password-too-short', serverCode: 'weak_password' })
    expect(other.getSnapshot().status).not.toBe('signedIn')
  })

  it('refreshes with rotation, and signs out on this device or everywhere', async () => {
    const env = setup()
    const { client, email } = await confirmed(env, 'sb-refresh')
    const before = client.getSnapshot().session!
    const after = await client.refresh()
    expect(after?.refreshToken).not.toBe(before.refreshToken)
    const second = env.client()
    await second.signInWithPassword({ email, password: PASSWORD })
    // this device only: the other stays
    await client.signOut()
    expect(await second.refresh()).toMatchObject({ user: { email } })
    // everywhere: the other's refresh token is over
    await client.signInWithPassword({ email, password: PASSWORD })
    await client.signOut({ all: true })
    await expect(second.refresh()).rejects.toMatchObject({ code: 'invalid-refresh-token' })
    expect(second.getSnapshot().status).toBe('signedOut')
  })

  it('signs out the other devices (scope=others): theirs end, this one refreshes on as before', async () => {
    const env = setup()
    const { client, email } = await confirmed(env, 'sb-others')
    const second = env.client()
    await second.signInWithPassword({ email, password: PASSWORD })
    const before = client.getSnapshot().session!
    await signOutOthers(client)
    await expect(second.refresh()).rejects.toMatchObject({ code: 'invalid-refresh-token' })
    expect(second.getSnapshot().status).toBe('signedOut')
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', session: { accessToken: before.accessToken } })
    expect(await client.refresh()).toMatchObject({ user: { email } })
    // without a session there is nothing to keep: refused before any request
    await client.signOut()
    await expect(signOutOthers(client)).rejects.toMatchObject({ code: 'not_signed_in' })
  })
})

describe('two-step verification (TOTP, aal2)', () => {
  it('turns on with a code, asks for it at the next sign-in, refuses a wrong one, and turns off with a code', async () => {
    const env = setup()
    const { client, email } = await confirmed(env, 'sb-totp')
    const setupReply = await startTotpSetup(client)
    const totp = URI.parse(setupReply.uri) as TOTP
    await expect(activateTotp(client, totp.generate() === '000000' ? '111111' : '000000')).rejects.toMatchObject({ code: 'invalid-totp' })
    await activateTotp(client, totp.generate())
    expect(client.getSnapshot().user?.activeMfaType).toBe('totp')
    await client.signOut()

    const next = env.client()
    const step = await next.signInWithPassword({ email, password: PASSWORD })
    expect(step).toMatchObject({ kind: 'mfa', methods: ['totp'] })
    expect(next.getSnapshot().status).not.toBe('signedIn')
    const ticket = step.kind === 'mfa' ? step.ticket : undefined
    await expect(verifyTotp(next, { ticket, code: totp.generate() === '000000' ? '111111' : '000000' })).rejects.toMatchObject({ code: 'invalid-totp' })
    await verifyTotp(next, { ticket, code: totp.generate() })
    expect(next.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })

    // the session after the code is aal2: the password may change
    await changePassword(next, { newPassword: 'a password changed at aal2' })
    await disableTotp(next, { code: totp.generate() })
    expect(next.getSnapshot().user?.activeMfaType).toBeNull()
    await next.signOut()
    expect(await env.client().signInWithPassword({ email, password: 'a password changed at aal2' })).toMatchObject({ kind: 'session' })
  })
})

describe('the second step after a sign-in without the password', () => {
  /** A confirmed account with TOTP on, signed out; its authenticator. */
  async function withTotp(env: ReturnType<typeof setup>, name: string) {
    const { client, email } = await confirmed(env, name)
    const setupReply = await startTotpSetup(client)
    const totp = URI.parse(setupReply.uri) as TOTP
    await activateTotp(client, totp.generate())
    await client.signOut()
    return { email, totp }
  }

  it('an e-mailed code signs in at aal1 only: the code from the app is asked next, in the sign-in flow', async () => {
    const env = setup()
    const { email, totp } = await withTotp(env, 'sb-otp-totp')
    const client = env.client()
    await sendEmailOtp(client, email)
    const flow = signInFlow(client)
    const result = await flow.signInWith(() => verifyEmailOtp(client, { email, otp: env.standIn.lastMessage(email, 'magiclink').token }))
    expect(result).toMatchObject({ kind: 'mfa', methods: ['totp'] })
    expect(client.getSnapshot().status).not.toBe('signedIn')
    expect(flow.getSnapshot()).toMatchObject({ step: 'mfa', mfa: { methods: ['totp'] } })
    await flow.verifyTotp(totp.generate())
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email, activeMfaType: 'totp' } })
    expect(decodeJwtClaims(client.getSnapshot().session!.accessToken!)).toMatchObject({ aal: 'aal2' })
  })

  it('a magic link signs in at aal1 only: the link lands on the code step, and the code signs in', async () => {
    const env = setup()
    const { email, totp } = await withTotp(env, 'sb-link-totp')
    const client = env.client()
    // as a form does (useSyncExternalStore): the flow follows the links while someone listens
    const flow = signInFlow(client)
    const stop = flow.subscribe(() => {})
    await sendMagicLink(client, { email, redirectTo: PAGE })
    const landed = await handleAuthRedirect(client, env.standIn.link(env.standIn.lastMessage(email, 'magiclink')))
    expect(landed).toMatchObject({ kind: 'mfa', purpose: 'sign-in', methods: ['totp'], ticket: expect.any(String) })
    expect(client.getSnapshot().status).not.toBe('signedIn')
    expect(flow.getSnapshot()).toMatchObject({ step: 'mfa' })
    await expect(flow.verifyTotp(totp.generate() === '000000' ? '111111' : '000000')).rejects.toMatchObject({ code: 'invalid-totp' })
    expect(flow.getSnapshot()).toMatchObject({ step: 'mfa' })
    await flow.verifyTotp(totp.generate())
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
    expect(decodeJwtClaims(client.getSnapshot().session!.accessToken!)).toMatchObject({ aal: 'aal2' })
    stop()
  })
})

describe('links and codes', () => {
  it('resets the password from the recovery link: its session, not adopted until the new password is set, is then the user\'s; the old password is refused', async () => {
    const env = setup()
    const { client, email } = await confirmed(env, 'sb-reset')
    await client.signOut()
    await requestPasswordReset(client, { email, redirectTo: PAGE })
    const landed = await handleAuthRedirect(client, env.standIn.link(env.standIn.lastMessage(email, 'recovery')))
    expect(landed).toEqual({ kind: 'new-password', purpose: 'reset-password', email })
    expect(client.getSnapshot().status).not.toBe('signedIn')
    await completePasswordReset(client, { newPassword: 'a brand new password' })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
    await client.signOut()
    await expect(client.signInWithPassword({ email, password: PASSWORD })).rejects.toMatchObject({ code: 'invalid-email-password' })
    await client.signInWithPassword({ email, password: 'a brand new password' })
    // changed while signed in, too
    await changePassword(client, { newPassword: 'a third password' })
    await expect(changePassword(client, { newPassword: 'a third password' })).rejects.toMatchObject({ serverCode: 'same_password' })
  })

  it('resets the password of a user with TOTP: the recovery link asks the authenticator code with the new password (aal2, as GoTrue requires)', async () => {
    const env = setup()
    const { client, email } = await confirmed(env, 'sb-reset-totp')
    const totp = URI.parse((await startTotpSetup(client)).uri) as TOTP
    await activateTotp(client, totp.generate())
    await client.signOut()
    await requestPasswordReset(client, { email, redirectTo: PAGE })
    const landed = await handleAuthRedirect(client, env.standIn.link(env.standIn.lastMessage(email, 'recovery')))
    expect(landed).toEqual({ kind: 'new-password', purpose: 'reset-password', email: null, secondFactor: ['totp'] })
    expect(client.getSnapshot().status).not.toBe('signedIn')
    await expect(completePasswordReset(client, { newPassword: 'a brand new password' })).rejects.toMatchObject({ code: 'invalid_input' })
    await expect(completePasswordReset(client, { newPassword: 'a brand new password', code: totp.generate() === '000000' ? '111111' : '000000' })).rejects.toMatchObject({ code: 'invalid-totp' })
    // a wrong code leaves the link's step: the right one sets the password
    await completePasswordReset(client, { newPassword: 'a brand new password', code: totp.generate() })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
    expect(decodeJwtClaims(client.getSnapshot().session!.accessToken!)).toMatchObject({ aal: 'aal2' })
    await client.signOut()
    await expect(env.client().signInWithPassword({ email, password: PASSWORD })).rejects.toMatchObject({ code: 'invalid-email-password' })
    expect(await env.client().signInWithPassword({ email, password: 'a brand new password' })).toMatchObject({ kind: 'mfa' })
  })

  it('signs in with an e-mailed code; a wrong one is refused; an unknown address gets no code', async () => {
    const env = setup()
    const { client, email } = await confirmed(env, 'sb-code')
    await client.signOut()
    await sendEmailOtp(client, email)
    const { token } = env.standIn.lastMessage(email, 'magiclink')
    await expect(verifyEmailOtp(client, { email, otp: token === '000000' ? '111111' : '000000' })).rejects.toMatchObject({ code: 'invalid-otp' })
    await verifyEmailOtp(client, { email, otp: token })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
    await expect(sendEmailOtp(env.client(), uniqueEmail('sb-nobody'))).rejects.toMatchObject({ code: 'signup-disabled', serverCode: 'otp_disabled' })
  })

  it('signs in with a texted code where the project has phone sign-in: a new number gets an account, a wrong code is refused', async () => {
    const env = setup({}, { phone: true })
    const client = env.client()
    const phoneNumber = `+4915${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`
    await sendSmsOtp(client, phoneNumber)
    const { token } = env.standIn.lastMessage(phoneNumber, 'sms')
    expect(token).toMatch(/^\d{6}$/)
    await expect(verifySmsOtp(client, { phoneNumber, otp: token === '000000' ? '111111' : '000000' })).rejects.toMatchObject({ code: 'invalid-otp', serverCode: 'otp_expired' })
    expect(client.getSnapshot().status).not.toBe('signedIn')
    expect(await verifySmsOtp(client, { phoneNumber, otp: token })).toMatchObject({ kind: 'session' })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { phoneNumber: phoneNumber.slice(1), email: null } })
    // spent
    await client.signOut()
    await expect(verifySmsOtp(client, { phoneNumber, otp: token })).rejects.toMatchObject({ code: 'invalid-otp' })
  })

  it('a texted code for a user with TOTP asks for the authenticator code next', async () => {
    const env = setup({}, { phone: true })
    const client = env.client()
    const phoneNumber = `+4916${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`
    await sendSmsOtp(client, phoneNumber)
    await verifySmsOtp(client, { phoneNumber, otp: env.standIn.lastMessage(phoneNumber, 'sms').token })
    const totp = URI.parse((await startTotpSetup(client)).uri) as TOTP
    await activateTotp(client, totp.generate())
    await client.signOut()
    await sendSmsOtp(client, phoneNumber)
    const step = await verifySmsOtp(client, { phoneNumber, otp: env.standIn.lastMessage(phoneNumber, 'sms').token })
    expect(step).toMatchObject({ kind: 'mfa', methods: ['totp'] })
    expect(client.getSnapshot().status).not.toBe('signedIn')
    await verifyTotp(client, { ticket: step.kind === 'mfa' ? step.ticket : undefined, code: totp.generate() })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { activeMfaType: 'totp' } })
  })

  it('signs a guest in where the project allows anonymous sign-ins, and links an address and a password to it by the e-mailed link', async () => {
    const env = setup({}, { anonymous: true })
    const client = env.client()
    await signInAnonymously(client, { displayName: 'Guest' })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { isAnonymous: true, displayName: 'Guest', email: null } })
    const id = client.getSnapshot().user!.id
    const email = uniqueEmail('sb-guest')
    await deanonymize(client, { email, password: PASSWORD, redirectTo: PAGE })
    // still a guest until the address is confirmed
    expect(client.getSnapshot().user).toMatchObject({ isAnonymous: true, email: null })
    const sent = env.standIn.lastMessage(email, 'email_change')
    expect(new URL(sent.redirectTo).searchParams.get('keyward')).toBe('change-email')
    expect(await handleAuthRedirect(client, env.standIn.link(sent))).toMatchObject({ purpose: 'change-email' })
    // the same user, the session kept, the address now theirs
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { id, isAnonymous: false, email, emailVerified: true } })
    await client.signOut()
    await client.signInWithPassword({ email, password: PASSWORD })
    expect(client.getSnapshot().user?.id).toBe(id)
  })
})

describe('OAuth providers (PKCE)', () => {
  it('sends the browser to /authorize with a PKCE challenge; the code it returns with is exchanged with the verifier this tab kept, once', async () => {
    const env = setup()
    const client = env.client()
    const url = new URL(await oauthProviderUrl(client, 'github', { redirectTo: PAGE }))
    expect(url.origin + url.pathname).toBe(`${URL_}/auth/v1/authorize`)
    expect(url.searchParams.get('code_challenge_method')).toBe('s256')
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/)
    // the verifier never travels
    expect(url.search).not.toMatch(/verifier/)
    // the provider approves; Supabase sends the browser back with the flow's auth code
    const back = (await env.standIn.fetch(String(url), { redirect: 'manual' })).headers.get('location')!
    expect(new URL(back).searchParams.get('code')).toBeTruthy()
    expect(await handleAuthRedirect(client, back)).toMatchObject({ kind: 'signedIn', purpose: 'sign-in' })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email: 'github-user@example.com', displayName: 'github user' } })
    // another tab (or browser) did not start it: nothing to exchange with
    await expect(handleAuthRedirect(env.client(), back)).rejects.toMatchObject({ code: 'invalid-ticket' })
  })

  it('a provider the project has not enabled is refused', async () => {
    const env = setup()
    const url = await oauthProviderUrl(env.client(), 'gitlab', { redirectTo: PAGE })
    expect((await env.standIn.fetch(url, { redirect: 'manual' })).status).toBe(400)
  })
})

describe('faults', () => {
  it('a proxy’s page or a dropped connection on sign-in is an AuthError, and nobody is signed in', async () => {
    const env = setup()
    const { email } = await confirmed(env, 'sb-fault')
    for (const fetch of [async () => new Response('<html>Bad gateway</html>', { status: 502 }), async () => new Response('{"access_token":', { status: 200 }), async () => Promise.reject(new TypeError('Failed to fetch'))]) {
      const client = createAuthClient({ backend: env.backend, fetch, storage: memoryStorage(), sync: false, locks: null })
      const error = await client.signInWithPassword({ email, password: PASSWORD }).catch((e: unknown) => e)
      expect(error).toMatchObject({ name: 'AuthError' })
      expect(String((error as Error).stack) + JSON.stringify(error)).not.toContain(PASSWORD)
      expect(client.getSnapshot().status).not.toBe('signedIn')
    }
  })
})
