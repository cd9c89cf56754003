import { describe, expect, it, vi } from 'vitest'
import { authHero, validateToken } from '../../src/backends/authhero/index.ts'
import { capabilitiesOf, createAuthClient, memoryStorage } from '../../src/index.ts'
import { handleAuthRedirect, signInWithRedirect } from '../../src/core/index.ts'
import { authHeroUrl, CLIENT_ID, mailTo, PAGE, PASSWORD, uniqueEmail, universalLogin } from '../support/authhero.ts'

// The AuthHero adapter against a real authhero 0.162 (servers/authhero, SQLite): the seed's four
// operations (signup, login, validateToken, refreshToken) and the rest of the contract, and the
// server's defects pinned, so that an upgrade that fixes one shows up here.

const backend = (extra: Partial<Parameters<typeof authHero>[0]> = {}) =>
  authHero({ url: authHeroUrl, clientId: CLIENT_ID, callbackUrl: `${PAGE}/`, logoutReturnTo: `${PAGE}/`, ...extra })
const client = () => createAuthClient({ backend: backend(), storage: memoryStorage(), sync: false, locks: null, allowedRedirects: [PAGE] })
const ctx = { fetch, timeout: 15_000, now: Date.now }

async function signedUp(name: string) {
  const c = client()
  const email = uniqueEmail(name)
  const result = await c.signUp({ email, password: PASSWORD, fields: { given_name: 'Ada', family_name: 'Lovelace' } })
  return { client: c, email, result }
}

describe('authHero()', () => {
  it('offers the embedded flows and the redirect sign-in, and nothing it cannot do', () => {
    expect(capabilitiesOf(backend())).toMatchObject({
      passwordSignIn: true,
      redirectSignIn: true,
      signUp: true,
      emailOtp: true,
      // the API's reset e-mail links to a dead page (below): not offered
      passwordReset: false,
      refresh: true,
      changePassword: false,
      mfaTotp: false,
      passkeys: false,
      emailVerification: false,
    })
    expect(backend().traits.displayName).toBe('AuthHero')
  })

  it('signs up and is signed in: the ID token verified, the user from userinfo; no refresh token (authhero 0.162)', async () => {
    const { client: c, email, result } = await signedUp('signup')
    expect(result.kind).toBe('session')
    const session = c.getSnapshot().session!
    expect(session.idToken).toMatch(/^eyJ/)
    expect(c.getSnapshot().user).toMatchObject({ id: expect.stringMatching(/^auth2\|/), email, emailVerified: false })
    // the embedded sign-in gets no refresh token from this server: the session ends when its token does (24 h)
    expect(session.refreshToken).toBeNull()
    expect(session.accessTokenExpiresAt! - Date.now()).toBeGreaterThan(23 * 3_600_000)
    // AuthHero e-mails the verification link; the sign-in does not wait for it
    expect((await mailTo(email)).map((m) => m.template)).toEqual(['auth-verify-email'])
  })

  it('signs in with the password (the seed’s login): login ticket, then the tokens in one reply', async () => {
    const { email } = await signedUp('login')
    const c = client()
    const result = await c.signInWithPassword({ email, password: PASSWORD })
    expect(result.kind).toBe('session')
    expect(c.getSnapshot().user?.email).toBe(email)
  })

  it('names the origin to add when AuthHero does not list the page among the application’s web origins', async () => {
    const { email } = await signedUp('origin')
    // a page AuthHero was not told about (servers/authhero adds only http://localhost pages)
    const elsewhere: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers)
      headers.set('origin', 'http://127.0.0.1:4999')
      return fetch(input, { ...init, headers })
    }
    const c = createAuthClient({ backend: backend(), storage: memoryStorage(), sync: false, locks: null, fetch: elsewhere })
    const refused = c.signInWithPassword({ email, password: PASSWORD })
    await expect(refused).rejects.toMatchObject({ code: 'misconfigured', status: 403, serverCode: 'Origin http://127.0.0.1:4999 not allowed' })
    await expect(refused).rejects.toThrow(/add http:\/\/127\.0\.0\.1:4999 to the application’s Allowed Web Origins/)
    expect(c.getSnapshot().session).toBeNull()
  })

  it('names the callback URL to register when the application does not list it (not "some values were not accepted")', async () => {
    const { email } = await signedUp('callback')
    const c = createAuthClient({ backend: backend({ callbackUrl: 'http://localhost:3000/not-registered/callback' }), storage: memoryStorage(), sync: false, locks: null, fetch })
    const refused = c.signInWithPassword({ email, password: PASSWORD })
    await expect(refused).rejects.toMatchObject({ code: 'misconfigured', status: 400 })
    await expect(refused).rejects.toThrow(/add it to the application’s Allowed Callback URLs/)
    expect(c.getSnapshot().session).toBeNull()
  })

  it('explains a wrong password, an unknown e-mail, a taken e-mail and a weak password with their codes', async () => {
    const { email } = await signedUp('errors')
    const c = client()
    await expect(c.signInWithPassword({ email, password: 'Wrong-horse-9!' })).rejects.toMatchObject({ code: 'invalid-email-password', status: 403, serverCode: 'Invalid password' })
    await expect(c.signInWithPassword({ email: uniqueEmail('nobody'), password: PASSWORD })).rejects.toMatchObject({ code: 'invalid-email-password', serverCode: 'User not found' })
    await expect(c.signUp({ email, password: PASSWORD })).rejects.toMatchObject({ code: 'email-already-in-use', status: 400 })
    await expect(c.signUp({ email: uniqueEmail('weak'), password: 'password1' })).rejects.toMatchObject({ code: 'password-too-weak', status: 400 })
    expect(c.getSnapshot().session).toBeNull()
  })

  it('pins: authhero 0.162 drops the sign-up’s user_metadata', async () => {
    const email = uniqueEmail('metadata')
    const reply = await fetch(`${authHeroUrl}/dbconnections/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: CLIENT_ID, connection: 'Username-Password-Authentication', email, password: PASSWORD, user_metadata: { given_name: 'Ada' } }),
    })
    expect(await reply.json()).toMatchObject({ email, user_metadata: {} })
  })

  it('signs in with an e-mailed code; a wrong code is invalid-otp', async () => {
    const { email } = await signedUp('otp')
    const b = backend()
    await b.passwordless.emailOtpStart({ email }, ctx)
    const code = (await mailTo(email)).findLast((m) => m.data.code)?.data.code
    expect(code).toMatch(/^\d{6}$/)
    await expect(b.passwordless.emailOtpVerify({ email, otp: '000000' }, ctx)).rejects.toMatchObject({ code: 'invalid-otp' })
    const signedIn = await b.passwordless.emailOtpVerify({ email, otp: code! }, ctx)
    if (signedIn.kind !== 'session') throw new Error('expected a session')
    const { session } = signedIn
    // the passwordless grant's user is AuthHero's `email|…` user, not the password account (authhero 0.162)
    expect(session.user).toMatchObject({ id: expect.stringMatching(/^email\|/), email, emailVerified: true })
    expect(session.refreshToken).toBeNull()
    // pinned: the login-ticket path for a code answers 500 on authhero 0.162
    await b.passwordless.emailOtpStart({ email }, ctx)
    const again = (await mailTo(email)).findLast((m) => m.data.code)!.data.code
    const ticket = await fetch(`${authHeroUrl}/co/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: CLIENT_ID, credential_type: 'http://auth0.com/oauth/grant-type/passwordless/otp', realm: 'email', username: email, otp: again }),
    })
    expect(ticket.status).toBe(500)
  })

  it('pinned: the reset e-mail of /dbconnections/change_password links to a dead page (state=undefined), so the adapter offers no reset', async () => {
    const { email } = await signedUp('reset')
    const sent = await fetch(`${authHeroUrl}/dbconnections/change_password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: CLIENT_ID, connection: 'Username-Password-Authentication', email }),
    })
    expect(sent.status).toBe(200)
    const reset = (await mailTo(email)).find((m) => m.template === 'auth-password-reset')
    const link = new URL(reset!.data.passwordResetUrl!)
    expect(link.pathname).toBe('/u/reset-password')
    expect(link.searchParams.get('state')).toBe('undefined')
    // the page the user would open: no form, "Login session not found"
    const page = await fetch(link)
    expect(await page.text()).toContain('Login session not found')
    expect('password' in backend()).toBe(false)
  })

  it('signs in on AuthHero’s own page; refresh keeps the same refresh token; userinfo answers 404 (all authhero 0.162)', async () => {
    const { email } = await signedUp('universal')
    const c = client()
    const started = await signInWithRedirect(c, { redirectTo: `${PAGE}/` })
    const callback = await universalLogin(started.url, email, PASSWORD)
    expect(new URL(callback).origin).toBe(PAGE)
    await handleAuthRedirect(c, callback)
    const first = c.getSnapshot().session!
    // userinfo fails for this user: the user comes from the verified ID token's claims
    expect(c.getSnapshot().user).toMatchObject({ email })
    await expect(backend().session.getUser(first, ctx)).rejects.toMatchObject({ status: 404 })
    expect(first.refreshToken).toBeTruthy()
    const second = await c.refresh()
    expect(second?.accessToken).toBeTruthy()
    expect(second?.refreshToken).toBe(first.refreshToken)
  })

  it('validates its tokens (the seed’s validateToken), and refuses a forged, a wrong-audience and an expired one', async () => {
    const { client: c } = await signedUp('validate')
    const claims = await validateToken(c.getSnapshot().session!.accessToken!, { url: authHeroUrl })
    expect(claims.sub).toBe(c.getSnapshot().user!.id)
    const [head, body] = c.getSnapshot().session!.accessToken!.split('.')
    await expect(validateToken(`${head}.${body}.${'A'.repeat(342)}`, { url: authHeroUrl })).rejects.toMatchObject({ code: 'unauthorized' })
    await expect(validateToken(c.getSnapshot().session!.idToken!, { url: authHeroUrl, audience: 'someone-else' })).rejects.toMatchObject({ code: 'unauthorized' })
    expect(await validateToken(c.getSnapshot().session!.idToken!, { url: authHeroUrl, audience: CLIENT_ID })).toMatchObject({ sub: claims.sub })
    // the same token a day and a half later: expired
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 36 * 3_600_000 })
    try {
      await expect(validateToken(c.getSnapshot().session!.accessToken!, { url: authHeroUrl })).rejects.toMatchObject({ code: 'unauthorized', cause: { reason: 'ERR_JWT_EXPIRED' } })
    } finally {
      vi.useRealTimers()
    }
  })

  it('signs out here, then on AuthHero’s /v2/logout (its /oauth/revoke is a 404, ignored)', async () => {
    const { client: c } = await signedUp('signout')
    const ended = await c.backend.session.signOut(c.getSnapshot().session!, ctx)
    const logout = new URL((ended as { redirectUrl: string }).redirectUrl)
    expect(logout.pathname).toBe('/v2/logout')
    expect(Object.fromEntries(logout.searchParams)).toEqual({ client_id: CLIENT_ID, returnTo: `${PAGE}/` })
    const visit = await fetch(logout, { redirect: 'manual' })
    expect(visit.headers.get('location')).toBe(`${PAGE}/`)
    expect(await fetch(`${authHeroUrl}/oauth/revoke`, { method: 'POST' }).then((r) => r.status)).toBe(404)
  })

  it('pins: authhero itself answers no CORS on /co/authenticate (servers/authhero adds it for local pages)', async () => {
    const elsewhere = await fetch(`${authHeroUrl}/co/authenticate`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://app.example' }, body: '{}' })
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull()
  })
})
