import { describe, expect, it } from 'vitest'
import { medusa } from '../../src/backends/medusa/index.ts'
import { capabilitiesOf, createAuthClient, memoryStorage, type TokenStorage } from '../../src/index.ts'
import { accountExists, changePassword, completePasswordReset, handleAuthRedirect, requestPasswordReset } from '../../src/core/index.ts'
import { browser, medusaUrl, PASSWORD, resetToken, uniqueEmail } from '../support/medusa.ts'

// The Medusa adapter against a real Medusa 1.20.11 on PostgreSQL 15 (test/servers/global-setup.ts),
// in both of its modes: Medusa's cookie session and its JWT.

const names = { first_name: 'Ada', last_name: 'Lovelace' }

function setup(mode: 'cookie' | 'jwt', page = browser(), storage: TokenStorage = memoryStorage()) {
  const backend = medusa({ url: medusaUrl, mode })
  const client = createAuthClient({ backend, fetch: page.fetch, storage, sync: false, locks: null })
  return { backend, client, page, storage }
}

async function signedUp(mode: 'cookie' | 'jwt', name: string) {
  const env = setup(mode)
  const email = uniqueEmail(name)
  await env.client.signUp({ email, password: PASSWORD, fields: names })
  return { ...env, email }
}

describe('medusa(): what it offers', () => {
  it('declares password sign-in, sign-up with names, the reset, a password change and the account check; nothing it cannot do', () => {
    for (const mode of ['cookie', 'jwt'] as const) {
      const backend = medusa({ url: medusaUrl, mode })
      expect(capabilitiesOf(backend)).toMatchObject({
        passwordSignIn: true,
        signUp: true,
        passwordReset: true,
        changePassword: true,
        accountLookup: true,
        refresh: false,
        signOutEverywhere: false,
        signOutOthers: false,
        emailVerification: false,
        mfaTotp: false,
        passkeys: false,
        oauth: false,
        sessions: false,
      })
      expect(backend.signUp.fields).toEqual([
        { name: 'first_name', kind: 'givenName', required: true },
        { name: 'last_name', kind: 'familyName', required: true },
        { name: 'phone', kind: 'phone', required: false },
      ])
      expect(backend.traits.transport).toBe(mode === 'cookie' ? 'cookie' : 'bearer')
    }
  })

  it('tells whether an account exists for an address', async () => {
    const { client, email } = await signedUp('cookie', 'exists')
    expect(await accountExists(client, { email })).toBe(true)
    expect(await accountExists(client, { email: uniqueEmail('nobody') })).toBe(false)
    await expect(accountExists(client, { email: 'not an address' })).rejects.toMatchObject({ code: 'invalid_input' })
  })
})

describe('cookie mode', () => {
  it('signs up with names: the customer as the user, nothing invented, no token in JavaScript or storage', async () => {
    const storage = memoryStorage()
    const env = setup('cookie', browser(), storage)
    const email = uniqueEmail('cookie-signup')
    const result = await env.client.signUp({ email, password: PASSWORD, fields: { ...names, phone: '+4930123456' }, metadata: { company: 'Analytical Engines' } })
    expect(result.kind).toBe('session')
    const { session, user } = env.client.getSnapshot()
    expect(session).toMatchObject({ accessToken: null, refreshToken: null, accessTokenExpiresAt: null })
    expect(user).toMatchObject({ email, displayName: 'Ada Lovelace', phoneNumber: '+4930123456', emailVerified: false, metadata: { company: 'Analytical Engines' } })
    expect(user?.raw).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', has_account: true })
    expect(user?.id).toMatch(/^cus_/)
    expect(JSON.stringify(await storage.get())).not.toMatch(/eyJ|connect\.sid/)
    expect(env.page.jar.has('connect.sid')).toBe(true)
    expect(env.page.requests.every((r) => r.credentials === 'include')).toBe(true)
  })

  it('restores the session on page load with one GET /store/auth, with nothing in storage', async () => {
    const { page, email } = await signedUp('cookie', 'cookie-restore')
    // a new page of the same browser: the cookie, and empty storage
    const reload = setup('cookie', page)
    const before = page.requests.length
    reload.client.start()
    const snapshot = await reload.client.ready()
    expect(snapshot.status).toBe('signedIn')
    expect(snapshot.user?.email).toBe(email)
    expect(page.requests.slice(before)).toEqual([{ method: 'GET', path: '/store/auth', credentials: 'include' }])
  })

  it('signs out with DELETE /store/auth: the next page load finds nobody', async () => {
    const { client, page } = await signedUp('cookie', 'cookie-signout')
    await client.signOut()
    expect(page.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/store/auth' })
    const reload = setup('cookie', page)
    reload.client.start()
    expect((await reload.client.ready()).status).toBe('signedOut')
  })

  it('signs in, and says a wrong password and a taken address with their codes', async () => {
    const { email } = await signedUp('cookie', 'cookie-signin')
    const env = setup('cookie')
    env.client.start()
    await env.client.ready()
    await expect(env.client.signInWithPassword({ email, password: 'not the password' })).rejects.toMatchObject({ code: 'invalid-email-password', status: 401 })
    await expect(env.client.signUp({ email, password: PASSWORD, fields: names })).rejects.toMatchObject({ code: 'email-already-in-use', serverCode: 'duplicate_error', status: 422 })
    expect(env.client.getSnapshot().status).toBe('signedOut')
    await env.client.signInWithPassword({ email, password: PASSWORD })
    expect(env.client.getSnapshot().user?.email).toBe(email)
  })

  it('sends the cookie with the app’s own calls; a 401 there is confirmed once, then the session ends', async () => {
    const { client, page } = await signedUp('cookie', 'cookie-fetch')
    const me = await client.fetch(`${medusaUrl}/store/customers/me`)
    expect(me.status).toBe(200)
    expect(page.requests.at(-1)?.credentials).toBe('include')
    // the session ends on the server (signed out from another page of the same browser)
    await page.fetch(`${medusaUrl}/store/auth`, { method: 'DELETE', credentials: 'include' })
    const refused = await client.fetch(`${medusaUrl}/store/customers/me`)
    expect(refused.status).toBe(401)
    expect(client.getSnapshot().status).toBe('signedOut')
    expect(page.requests.slice(-2).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /store/customers/me', 'GET /store/auth'])
  })

  it('changes the password of the signed-in customer', async () => {
    const { client, email } = await signedUp('cookie', 'cookie-change')
    await changePassword(client, { newPassword: 'an even better password' })
    const other = setup('cookie')
    await expect(other.client.signInWithPassword({ email, password: PASSWORD })).rejects.toMatchObject({ code: 'invalid-email-password' })
    await other.client.signInWithPassword({ email, password: 'an even better password' })
  })
})

describe('jwt mode', () => {
  it('signs in with a 30-day token kept by the storage, the customer read with it, and no cookie', async () => {
    const { email } = await signedUp('jwt', 'jwt-signin')
    const storage = memoryStorage()
    const env = setup('jwt', browser(), storage)
    await env.client.signInWithPassword({ email, password: PASSWORD })
    const { session, user } = env.client.getSnapshot()
    expect(session?.accessToken).toMatch(/^eyJ/)
    expect(session?.refreshToken).toBeNull()
    expect(session!.accessTokenExpiresAt! - Date.now()).toBeGreaterThan(29 * 24 * 3600_000)
    expect(user?.email).toBe(email)
    expect(String(await storage.get())).toContain(session!.accessToken)
    expect(env.page.requests.map((r) => `${r.method} ${r.path} ${r.credentials}`)).toEqual(['POST /store/auth/token omit', 'GET /store/auth omit'])
    expect(env.page.jar.size).toBe(0)
  })

  it('signs up with names and is signed in with a token', async () => {
    const { client, email, page } = await signedUp('jwt', 'jwt-signup')
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email, displayName: 'Ada Lovelace' } })
    expect(client.getSnapshot().session?.accessToken).toMatch(/^eyJ/)
    expect(page.jar.size).toBe(0)
  })

  it('sends the token with the app’s own calls; a token the server refuses is confirmed once, then signed out', async () => {
    const { client, page } = await signedUp('jwt', 'jwt-fetch')
    expect((await client.fetch(`${medusaUrl}/store/customers/me`)).status).toBe(200)
    // a token the server no longer accepts (here: forged, as after a change of jwt_secret)
    const session = client.getSnapshot().session!
    await client.adoptSession({ ...session, accessToken: `${session.accessToken!.slice(0, -4)}AAAA` })
    const before = page.requests.length
    expect((await client.fetch(`${medusaUrl}/store/customers/me`)).status).toBe(401)
    expect(page.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /store/customers/me', 'GET /store/auth'])
    expect(client.getSnapshot().status).toBe('signedOut')
  })

  it('signs out without a request: the token is forgotten (Medusa cannot revoke it)', async () => {
    const { client, page, storage } = await signedUp('jwt', 'jwt-signout')
    const before = page.requests.length
    await client.signOut()
    expect(page.requests.length).toBe(before)
    expect(client.getSnapshot().status).toBe('signedOut')
    expect(await storage.get()).toBeNull()
  })
})

describe('password reset by token', () => {
  it('requests the token, reads token and e-mail from the link, sets the password once', async () => {
    const { email } = await signedUp('cookie', 'reset')
    const env = setup('cookie')
    const asked = Date.now()
    await requestPasswordReset(env.client, { email })
    const token = await resetToken(email, asked - 1000)
    const link = `${'http://localhost:3000'}/account/reset?keyward=reset-password&${new URLSearchParams({ token, email })}`
    const landed = await handleAuthRedirect(env.client, link)
    expect(landed).toEqual({ kind: 'new-password', purpose: 'reset-password', email })
    await completePasswordReset(env.client, { newPassword: 'a brand new password' })
    await env.client.signInWithPassword({ email, password: 'a brand new password' })
    // spent: Medusa answers a reused token with a 500, which the adapter reads as a spent ticket
    await expect(completePasswordReset(env.client, { newPassword: 'yet another password', ticket: token, email })).rejects.toMatchObject({ code: 'invalid-ticket' })
    await expect(completePasswordReset(env.client, { newPassword: 'yet another password', ticket: token })).rejects.toMatchObject({ code: 'invalid_input' })
  }, 30_000)

  it('answers a request for an unknown address as for a known one (nothing told)', async () => {
    const env = setup('cookie')
    await expect(requestPasswordReset(env.client, { email: uniqueEmail('unknown') })).resolves.toBeUndefined()
  })
})

describe('bad replies and a dropped network', () => {
  it('a reply that is not the customer is invalid_response; a dropped connection is network_error; the session is unchanged', async () => {
    const page = browser()
    let mode: 'real' | 'garbage' | 'offline' = 'real'
    const fetch: typeof globalThis.fetch = async (input, init) => {
      if (mode === 'garbage') return new Response('{"customer":{"id":42}}', { status: 200, headers: { 'content-type': 'application/json' } })
      if (mode === 'offline') throw new TypeError('Failed to fetch')
      return page.fetch(input, init)
    }
    const client = createAuthClient({ backend: medusa({ url: medusaUrl }), fetch, storage: memoryStorage(), sync: false, locks: null })
    const email = uniqueEmail('faults')
    await client.signUp({ email, password: PASSWORD, fields: names })
    const before = client.getSnapshot()
    mode = 'garbage'
    await expect(client.reloadUser()).rejects.toMatchObject({ code: 'invalid_response' })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: before.user })
    mode = 'offline'
    await expect(client.reloadUser()).rejects.toMatchObject({ code: 'network_error' })
    await expect(accountExists(client, { email })).rejects.toMatchObject({ code: 'network_error' })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: before.user })
  })
})

describe('medusaError', () => {
  it('maps Medusa’s replies to codes, keeps the type as serverCode, and never the server’s message', async () => {
    const { medusaError } = await import('../../src/backends/medusa/index.ts')
    const cases: Array<[number, unknown, string]> = [
      [401, undefined, 'unauthorized'],
      [422, { type: 'duplicate_error', message: 'A customer with the given email already has an account' }, 'email-already-in-use'],
      [400, { type: 'invalid_data', message: 'email must be an email' }, 'invalid-request'],
      [400, { type: 'not_allowed', message: 'secret words' }, 'invalid-request'],
      [404, { type: 'not_found', message: 'secret words' }, 'unknown-server-error'],
      [500, { type: 'unknown_error', message: 'An unknown error occurred.' }, 'internal-server-error'],
      [429, 'Too Many Requests', 'rate-limited'],
      [400, undefined, 'invalid-request'],
    ]
    for (const [status, body, code] of cases) {
      const error = medusaError(status, body)
      expect(error, `${status} ${JSON.stringify(body)}`).toMatchObject({ code, status })
      expect(error.message).not.toMatch(/secret words|already has an account|must be an email/)
    }
    expect(medusaError(404, { type: 'not_found' }).serverCode).toBe('not_found')
    expect(medusaError(401, 'Unauthorized', 'invalid-email-password').code).toBe('invalid-email-password')
  })
})

describe('publishableApiKey', () => {
  it('goes with every request as x-publishable-api-key, to the real server too', async () => {
    const page = browser()
    const seen: Array<string | null> = []
    const fetch: typeof globalThis.fetch = (input, init) => {
      seen.push(new Headers(init?.headers).get('x-publishable-api-key'))
      return page.fetch(input, init)
    }
    const client = createAuthClient({ backend: medusa({ url: medusaUrl, publishableApiKey: 'pk_test_keyward' }), fetch, storage: memoryStorage(), sync: false, locks: null })
    const email = uniqueEmail('pk')
    expect(await accountExists(client, { email })).toBe(false)
    await client.signUp({ email, password: PASSWORD, fields: names })
    expect(seen.length).toBeGreaterThanOrEqual(2)
    expect(new Set(seen)).toEqual(new Set(['pk_test_keyward']))
  })
})
