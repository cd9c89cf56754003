import { AuthApiError, GoTrueClient } from '@supabase/auth-js'
import { TOTP, Secret } from 'otpauth'
import { afterEach, describe, expect, it } from 'vitest'
import { supabaseContract } from '../contract/supabase/checker.ts'
import { type SupabaseStandIn, supabaseStandIn } from './supabase.ts'

// Supabase's own client, @supabase/auth-js 2.109.0 (the registry's; a devDependency, never in keyward's
// entries), driving the Supabase stand-in (test/standins/supabase.ts) as an app using supabase-js does:
// its requests, headers (apikey, X-Supabase-Api-Version) and its reading of every reply. If the
// official client cannot sign up, confirm, sign in, refresh, step up with TOTP, recover and sign out
// against the stand-in, the stand-in is wrong.

const PAGE = 'http://localhost:3000/welcome'

// every reply the client reads is checked against the client's own types
let contract = supabaseContract()
afterEach(() => {
  expect(contract.violations).toEqual([])
  contract = supabaseContract()
})

function client(standIn: SupabaseStandIn) {
  const store = new Map<string, string>()
  return new GoTrueClient({
    url: 'http://localhost:54321/auth/v1',
    headers: { apikey: standIn.anonKey },
    fetch: contract.wrap(standIn.fetch),
    storage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v), removeItem: (k) => void store.delete(k) },
    autoRefreshToken: false,
    detectSessionInUrl: false,
    persistSession: true,
  })
}
const email = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`

describe('@supabase/auth-js 2.109.0 against the Supabase stand-in', () => {
  it('signs up (no session until the address is confirmed), confirms with the token hash, signs in and refreshes', async () => {
    const standIn = supabaseStandIn()
    const auth = client(standIn)
    const address = email('sdk-signup')
    const up = await auth.signUp({ email: address, password: 'correct horse', options: { emailRedirectTo: PAGE, data: { display_name: 'Ada' } } })
    expect(up.error).toBeNull()
    expect(up.data.session).toBeNull()
    expect(up.data.user).toMatchObject({ email: address, user_metadata: { display_name: 'Ada' } })
    const refused = await auth.signInWithPassword({ email: address, password: 'correct horse' })
    expect(refused.error).toBeInstanceOf(AuthApiError)
    expect(refused.error?.code).toBe('email_not_confirmed')
    const sent = standIn.lastMessage(address, 'signup')
    expect(sent.redirectTo).toBe(PAGE)
    const confirmed = await auth.verifyOtp({ token_hash: sent.tokenHash, type: 'email' })
    expect(confirmed.error).toBeNull()
    expect(confirmed.data.session?.user.email_confirmed_at).toBeTruthy()
    await auth.signOut({ scope: 'local' })
    const signedIn = await auth.signInWithPassword({ email: address, password: 'correct horse' })
    expect(signedIn.error).toBeNull()
    const first = signedIn.data.session!
    const wrong = await auth.signInWithPassword({ email: address, password: 'wrong horse' })
    expect(wrong.error?.code).toBe('invalid_credentials')
    const refreshed = await auth.refreshSession({ refresh_token: first.refresh_token })
    expect(refreshed.error).toBeNull()
    expect(refreshed.data.session?.refresh_token).not.toBe(first.refresh_token)
    expect((await auth.getUser(refreshed.data.session!.access_token)).data.user?.email).toBe(address)
  })

  it('answers a confirmed address signed up again with an obfuscated user and no session, and a weak password with weak_password', async () => {
    const standIn = supabaseStandIn({ autoconfirm: true })
    const auth = client(standIn)
    const address = email('sdk-again')
    expect((await auth.signUp({ email: address, password: 'correct horse' })).data.session).not.toBeNull()
    const weak = await auth.signUp({ email: email('sdk-weak'), password: '123' })
    expect(weak.error?.code).toBe('weak_password')
    expect(weak.error).toMatchObject({ name: 'AuthWeakPasswordError', reasons: ['length'] })
    const taken = await auth.signUp({ email: address, password: 'correct horse' })
    expect(taken.error?.code).toBe('user_already_exists')
  })

  it('enrols TOTP, steps up to aal2, and the next sign-in is aal1 with a verified factor to challenge', async () => {
    const standIn = supabaseStandIn({ autoconfirm: true })
    const auth = client(standIn)
    const address = email('sdk-mfa')
    await auth.signUp({ email: address, password: 'correct horse' })
    const enrolled = await auth.mfa.enroll({ factorType: 'totp', friendlyName: 'phone' })
    expect(enrolled.error).toBeNull()
    // the server sends SVG markup, the client makes it a data URL
    expect(enrolled.data?.totp.qr_code).toMatch(/^data:image\/svg\+xml;utf-8,<svg /)
    const code = new TOTP({ secret: Secret.fromBase32(enrolled.data!.totp.secret) }).generate()
    const verified = await auth.mfa.challengeAndVerify({ factorId: enrolled.data!.id, code })
    expect(verified.error).toBeNull()
    expect((await auth.mfa.getAuthenticatorAssuranceLevel()).data).toMatchObject({ currentLevel: 'aal2', nextLevel: 'aal2' })
    await auth.signOut({ scope: 'local' })
    await auth.signInWithPassword({ email: address, password: 'correct horse' })
    const level = await auth.mfa.getAuthenticatorAssuranceLevel()
    expect(level.data).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal2' })
    // at aal1 the password stays as it is
    expect((await auth.updateUser({ password: 'another horse' })).error?.code).toBe('insufficient_aal')
    const factors = await auth.mfa.listFactors()
    expect(factors.data?.totp).toHaveLength(1)
    const challenge = await auth.mfa.challenge({ factorId: enrolled.data!.id })
    const refused = await auth.mfa.verify({ factorId: enrolled.data!.id, challengeId: challenge.data!.id, code: code === '000000' ? '111111' : '000000' })
    expect(refused.error?.code).toBe('mfa_verification_failed')
  })

  it('signs out the other devices (scope others): the other client refreshes no more, this one does', async () => {
    const standIn = supabaseStandIn({ autoconfirm: true })
    const here = client(standIn)
    const there = client(standIn)
    const address = email('sdk-others')
    expect((await here.signUp({ email: address, password: 'correct horse' })).error).toBeNull()
    const elsewhere = await there.signInWithPassword({ email: address, password: 'correct horse' })
    expect(elsewhere.error).toBeNull()
    expect((await here.signOut({ scope: 'others' })).error).toBeNull()
    expect((await there.refreshSession({ refresh_token: elsewhere.data.session!.refresh_token })).error?.code).toBe('refresh_token_not_found')
    const kept = (await here.getSession()).data.session!
    expect((await here.refreshSession({ refresh_token: kept.refresh_token })).error).toBeNull()
  })

  it('signs in by a texted code: the number stored as GoTrue formats it (no +), a wrong code refused', async () => {
    const standIn = supabaseStandIn()
    const auth = client(standIn)
    const phone = `+4917${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`
    expect((await auth.signInWithOtp({ phone })).error).toBeNull()
    const { token } = standIn.lastMessage(phone, 'sms')
    expect((await auth.verifyOtp({ phone, token: token === '000000' ? '111111' : '000000', type: 'sms' })).error?.code).toBe('otp_expired')
    const signedIn = await auth.verifyOtp({ phone, token, type: 'sms' })
    expect(signedIn.error).toBeNull()
    expect(signedIn.data.user).toMatchObject({ phone: phone.slice(1), phone_confirmed_at: expect.any(String) })
    expect((await auth.signInWithOtp({ phone: 'not a number' })).error?.code).toBe('validation_failed')
  })

  it('recovers by the e-mailed token hash and sets a new password; e-mail codes and anonymous sign-ins sign in', async () => {
    const standIn = supabaseStandIn({ autoconfirm: true })
    const auth = client(standIn)
    const address = email('sdk-recover')
    await auth.signUp({ email: address, password: 'correct horse' })
    await auth.signOut({ scope: 'local' })
    expect((await auth.resetPasswordForEmail(address, { redirectTo: PAGE })).error).toBeNull()
    const recovery = standIn.lastMessage(address, 'recovery')
    expect((await auth.verifyOtp({ token_hash: recovery.tokenHash, type: 'recovery' })).error).toBeNull()
    expect((await auth.updateUser({ password: 'another horse' })).error).toBeNull()
    expect((await auth.updateUser({ password: 'another horse' })).error?.code).toBe('same_password')
    await auth.signOut({ scope: 'global' })
    expect((await auth.signInWithPassword({ email: address, password: 'another horse' })).error).toBeNull()
    await auth.signOut({ scope: 'local' })

    expect((await auth.signInWithOtp({ email: address, options: { shouldCreateUser: false } })).error).toBeNull()
    const code = standIn.lastMessage(address, 'magiclink').token
    expect((await auth.verifyOtp({ email: address, token: code === '000000' ? '111111' : '000000', type: 'email' })).error?.code).toBe('otp_expired')
    expect((await auth.verifyOtp({ email: address, token: code, type: 'email' })).data.session?.user.email).toBe(address)
    expect((await auth.signInWithOtp({ email: email('sdk-nobody'), options: { shouldCreateUser: false } })).error?.code).toBe('otp_disabled')

    await auth.signOut({ scope: 'local' })
    const guest = await auth.signInAnonymously({ options: { data: { display_name: 'Guest' } } })
    expect(guest.data.user).toMatchObject({ is_anonymous: true, user_metadata: { display_name: 'Guest' } })
    // the guest gets an address and a password: confirmed by the link sent to it
    const guestEmail = email('sdk-guest')
    expect((await auth.updateUser({ password: 'guest password' })).error?.code).toBe('validation_failed')
    expect((await auth.updateUser({ email: guestEmail, password: 'guest password' }, { emailRedirectTo: PAGE })).error).toBeNull()
    const change = standIn.lastMessage(guestEmail, 'email_change')
    expect(change.redirectTo).toBe(PAGE)
    const linked = await auth.verifyOtp({ token_hash: change.tokenHash, type: 'email_change' })
    expect(linked.data.user).toMatchObject({ id: guest.data.user!.id, email: guestEmail, is_anonymous: false })
  })

  it('signs in with a provider by PKCE: the code on the page is exchanged with the verifier the client kept', async () => {
    const standIn = supabaseStandIn()
    const store = new Map<string, string>()
    const auth = new GoTrueClient({
      url: 'http://localhost:54321/auth/v1',
      headers: { apikey: standIn.anonKey },
      fetch: contract.wrap(standIn.fetch),
      storage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v), removeItem: (k) => void store.delete(k) },
      flowType: 'pkce',
      autoRefreshToken: false,
      detectSessionInUrl: false,
    })
    const { data } = await auth.signInWithOAuth({ provider: 'github', options: { redirectTo: PAGE, skipBrowserRedirect: true } })
    const back = new URL((await standIn.fetch(data.url!, { redirect: 'manual' })).headers.get('location')!)
    expect(back.origin + back.pathname).toBe(PAGE)
    const exchanged = await auth.exchangeCodeForSession(back.searchParams.get('code')!)
    expect(exchanged.error).toBeNull()
    expect(exchanged.data.session?.user.email).toBe('github-user@example.com')
  })

  it('refreshes with rotation: a lost reply is answered again with the same child, a token reused past the interval ends the session', async () => {
    let clock = Date.now()
    const standIn = supabaseStandIn({ autoconfirm: true, now: () => clock })
    const auth = client(standIn)
    const { data } = await auth.signUp({ email: email('sdk-rotate'), password: 'correct horse' })
    const parent = data.session!.refresh_token
    const child = (await auth.refreshSession({ refresh_token: parent })).data.session!.refresh_token
    expect((await auth.refreshSession({ refresh_token: parent })).data.session?.refresh_token).toBe(child)
    const grandchild = (await auth.refreshSession({ refresh_token: child })).data.session!.refresh_token
    clock += 11_000
    const reused = await auth.refreshSession({ refresh_token: parent })
    expect(reused.error?.code).toBe('refresh_token_already_used')
    expect((await auth.refreshSession({ refresh_token: grandchild })).error?.code).toBe('refresh_token_not_found')
  })
})
