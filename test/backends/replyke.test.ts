import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { replyke, signInExternalUser } from '../../src/backends/replyke/index.ts'
import { capabilitiesOf, createAuthClient, memoryStorage } from '../../src/index.ts'
import { changePassword, completePasswordReset, requestPasswordReset, verifyEmail } from '../../src/core/index.ts'
import { replykeStandIn, type ReplykeStandInOptions } from '../standins/replyke.ts'

// The Replyke adapter against the stand-in (test/standins/replyke.ts: Replyke's server is not
// published; the stand-in encodes the contracts' observations of v6 and the v7 routes): every
// operation and every listed error, for both API versions.

const URL_ = 'https://api.replyke.test'

function env(version: 'v6' | 'v7', options: ReplykeStandInOptions = {}) {
  const server = replykeStandIn({ rateLimits: false, ...options })
  const backend = replyke({ projectId: server.projectId, version, url: URL_ })
  const client = createAuthClient({ backend, storage: memoryStorage(), sync: false, locks: null, fetch: server.fetch })
  return { server, backend, client }
}
let n = 0
const email = () => `ada-${++n}-${crypto.randomUUID().slice(0, 6)}@example.com`
const PASSWORD = 'any non-empty password'

describe('replyke()', () => {
  it('offers what each version has: v7 adds the reset and the e-mail verification', () => {
    const common = { passwordSignIn: true, signUp: true, refresh: true, changePassword: true, sessions: false, mfaTotp: false, passkeys: false, redirectSignIn: false }
    expect(capabilitiesOf(env('v6').backend)).toMatchObject({ ...common, passwordReset: false })
    expect(capabilitiesOf(env('v7').backend)).toMatchObject({ ...common, passwordReset: true })
    expect(env('v6').backend.email).toBeUndefined()
    expect(env('v7').backend.email?.verify).toBeTypeOf('function')
  })

  for (const version of ['v6', 'v7'] as const) {
    describe(version, () => {
      it('signs up with a name and metadata, and is signed in with the user the reply carries', async () => {
        const { client, server } = env(version)
        const address = email().replace('ada', 'Ada')
        const result = await client.signUp({ email: address, password: PASSWORD, fields: { name: 'Ada Lovelace' }, metadata: { plan: 'pro' } })
        expect(result.kind).toBe('session')
        const session = client.getSnapshot().session!
        expect(session.user).toMatchObject({ email: address.toLowerCase(), displayName: 'Ada Lovelace', emailVerified: false, metadata: { plan: 'pro' } })
        expect(session.refreshToken).toMatch(/^eyJ/)
        // 30-minute access tokens
        expect(session.accessTokenExpiresAt! - Date.now()).toBeGreaterThan(29 * 60_000)
        expect(server.requests.map((r) => r.path)).toEqual(['/auth/sign-up'])
      })

      it('signs in with a mixed-case address (sent lowercased), refreshes, and signs out this session only', async () => {
        const { client, server, backend } = env(version)
        const address = email()
        await client.signUp({ email: address, password: PASSWORD })
        const other = client.getSnapshot().session!
        await client.signOut()
        await client.signInWithPassword({ email: address.toUpperCase(), password: PASSWORD })
        const first = client.getSnapshot().session!
        expect(first.user?.email).toBe(address)

        const refreshed = (await client.refresh())!
        expect(server.requests.filter((r) => r.path === '/auth/request-new-access-token').map((r) => r.status)).toEqual([200])
        if (version === 'v6') expect(refreshed.refreshToken).toBe(first.refreshToken) // v6 does not rotate
        else expect(refreshed.refreshToken).not.toBe(first.refreshToken) // the stand-in's v7 rotates
        expect(refreshed.user?.email).toBe(address)

        await client.signOut()
        // that session's refresh token is over; the one signed out earlier too; a third (never signed out) would live
        await expect(backend.session.refresh(refreshed, client.context())).rejects.toMatchObject({ code: 'invalid-refresh-token', serverCode: 'auth/refresh-token-mismatch' })
        await expect(backend.session.refresh(other, client.context())).rejects.toMatchObject({ code: 'invalid-refresh-token' })
        expect(server.requests.filter((r) => r.path === '/auth/sign-out').map((r) => r.status)).toEqual([204, 204])
      })

      it('explains a wrong password and an unknown address the same way, a taken address, and missing fields', async () => {
        const { client, backend } = env(version)
        const address = email()
        await client.signUp({ email: address, password: PASSWORD })
        await client.signOut()
        await expect(client.signInWithPassword({ email: address, password: 'wrong' })).rejects.toMatchObject({ code: 'invalid-email-password', status: 401, serverCode: 'auth/wrong-password' })
        await expect(client.signInWithPassword({ email: email(), password: PASSWORD })).rejects.toMatchObject({ code: 'invalid-email-password', status: 403, serverCode: 'auth/no-user-found' })
        await expect(client.signUp({ email: address, password: PASSWORD })).rejects.toMatchObject({ code: 'email-already-in-use', status: 500, serverCode: 'auth/server-error' })
        // with a username, a taken value could be either: a generic refusal
        await expect(client.signUp({ email: address, password: PASSWORD, fields: { username: 'ada' } })).rejects.toMatchObject({ code: 'invalid-request', status: 500 })
        await expect(backend.signIn.withPassword({ email: address, password: '' }, client.context())).rejects.toMatchObject({ code: 'invalid-request', serverCode: 'auth/missing-fields' })
        expect(client.getSnapshot().session).toBeNull()
      })

      it('changes the password with the current one (a wrong one refused), keeping the session', async () => {
        const { client } = env(version)
        const address = email()
        await client.signUp({ email: address, password: PASSWORD })
        await expect(changePassword(client, { currentPassword: 'wrong', newPassword: 'new one' })).rejects.toMatchObject({ code: 'invalid-email-password', serverCode: 'auth/wrong-password' })
        await changePassword(client, { currentPassword: PASSWORD, newPassword: 'new one' })
        expect(client.getSnapshot().status).toBe('signedIn')
        await client.signOut()
        await expect(client.signInWithPassword({ email: address, password: PASSWORD })).rejects.toMatchObject({ code: 'invalid-email-password' })
        await client.signInWithPassword({ email: address, password: 'new one' })
      })

      it('refreshes once and retries an API call its server answers 403 (an expired Replyke token)', async () => {
        let clock = Date.now()
        const { client, server } = env(version, { now: () => clock })
        await client.signUp({ email: email(), password: PASSWORD })
        // half an hour on at the server: its token has expired there (this page's clock has not moved)
        clock += 31 * 60_000
        let calls = 0
        const api = async (_input: RequestInfo | URL, init?: RequestInit) => {
          calls += 1
          const sent = new Headers(init?.headers).get('authorization')
          // the app's API refuses the token the first time as Replyke would (403 Forbidden: expired)
          return calls === 1 || !sent ? new Response('Forbidden', { status: 403 }) : new Response('ok')
        }
        const apiClient = createAuthClient({ backend: client.backend, storage: memoryStorage(), sync: false, locks: null, fetch: (input, init) => (String(input).startsWith(URL_) ? server.fetch(input, init) : api(input, init)) })
        await apiClient.adoptSession(client.getSnapshot().session!)
        const reply = await apiClient.fetch('https://app.example/api/me')
        expect(reply.status).toBe(200)
        expect(calls).toBe(2)
        expect(server.requests.filter((r) => r.path === '/auth/request-new-access-token')).toHaveLength(1)
      })

      it('signs in an external user from the app’s own JWT; refuses a forged or another project’s', async () => {
        const { client, server } = env(version)
        const unsigned = `e30.${btoa(JSON.stringify({ userData: {} })).replace(/=+$/, '')}.c`
        await expect(signInExternalUser(client, { userJwt: unsigned })).rejects.toMatchObject({ code: 'disabled-endpoint', serverCode: 'auth/missing-keys' })
        const { privateKey, publicKey } = await generateKeyPair('RS256')
        await server.setExternalKey(await exportJWK(publicKey))
        const sign = (iss: string, key = privateKey) =>
          new SignJWT({ userData: { email: 'grace@example.com', name: 'Grace' } }).setProtectedHeader({ alg: 'RS256' }).setSubject('app-user-7').setIssuer(iss).setExpirationTime('5m').sign(key)
        // the user's fields as top-level claims: Replyke's server answers a bare 500; the adapter says what to change, sending nothing
        const sent = server.requests.length
        const topLevel = await new SignJWT({ email: 'grace@example.com', name: 'Grace' }).setProtectedHeader({ alg: 'RS256' }).setSubject('app-user-7').setIssuer(server.projectId).setExpirationTime('5m').sign(privateKey)
        await expect(signInExternalUser(client, { userJwt: topLevel })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('userData') })
        expect(server.requests.length).toBe(sent)
        const session = await signInExternalUser(client, { userJwt: await sign(server.projectId) })
        expect(session.user).toMatchObject({ email: 'grace@example.com', displayName: 'Grace', raw: { foreignId: 'app-user-7' } })
        expect(client.getSnapshot().status).toBe('signedIn')
        await client.signOut()
        await expect(signInExternalUser(client, { userJwt: await sign('another-project') })).rejects.toMatchObject({ code: 'unauthorized', serverCode: 'auth/project-mismatch' })
        const forger = await generateKeyPair('RS256')
        await expect(signInExternalUser(client, { userJwt: await sign(server.projectId, forger.privateKey) })).rejects.toMatchObject({ code: 'unauthorized', serverCode: 'auth/invalid-token' })
        await expect(signInExternalUser(client, { userJwt: 'not a jwt' })).rejects.toMatchObject({ code: 'invalid_input' })
        expect(client.getSnapshot().session).toBeNull()
      })
    })
  }

  it('v7: the reset by e-mailed token, and the e-mail verification', async () => {
    const { client, server } = env('v7')
    const address = email()
    await client.signUp({ email: address, password: PASSWORD })
    await verifyEmail(client, { token: server.lastMessage(address, 'email-verification').token })
    await client.signOut()
    await client.signInWithPassword({ email: address, password: PASSWORD })
    expect(client.getSnapshot().user?.emailVerified).toBe(true)
    await expect(verifyEmail(client, { token: 'spent' })).rejects.toMatchObject({ code: 'unauthorized', serverCode: 'auth/invalid-token' })
    await client.signOut()

    await requestPasswordReset(client, { email: address })
    const { token } = server.lastMessage(address, 'password-reset')
    await completePasswordReset(client, { ticket: token, newPassword: 'after the reset' })
    await client.signInWithPassword({ email: address, password: 'after the reset' })
    // the reset link's token is taken from the address bar
    expect(await client.backend.redirect!.parse(new URL(`https://app.example/reset?token=${token}`))).toMatchObject({ kind: 'ticket', ticket: token, params: ['token'] })
  })

  it('v6: no reset, no verification (its server has no such routes: an Express 404 page)', async () => {
    const { client, server } = env('v6')
    await expect(requestPasswordReset(client, { email: email() })).rejects.toMatchObject({ code: 'unsupported' })
    const page = await server.fetch(`${URL_}/api/v6/${server.projectId}/auth/request-password-reset`, { method: 'POST', body: '{}' })
    expect(page.status).toBe(404)
    expect(await page.text()).toContain('Cannot POST')
  })

  it('answers the rate limit with rate-limited and the wait left in its window, which the forms say', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z')
    const { client } = env('v6', { rateLimits: true, now: () => clock })
    const address = email()
    for (let i = 0; i < 5; i++) await expect(client.signInWithPassword({ email: address, password: PASSWORD })).rejects.toMatchObject({ code: 'invalid-email-password' })
    // express-rate-limit's fixed window: 5 minutes from the first attempt, Retry-After = what is left of it
    clock += 60_000
    const refused = await client.signInWithPassword({ email: address, password: PASSWORD }).catch((error: unknown) => error)
    expect(refused).toMatchObject({ code: 'rate-limited', status: 429, retryAfter: 240_000 })
    const { errorText, en } = await import('../../src/forms/index.ts')
    const { de } = await import('../../src/forms/locales/de.ts')
    expect(errorText(en, refused as never)).toBe('Too many attempts. Try again in 4 minutes.')
    expect(errorText(de, refused as never)).toBe('Zu viele Versuche. Versuchen Sie es in 4 Minuten erneut.')
    // the window over, the next attempt is heard
    clock += 240_000
    await expect(client.signInWithPassword({ email: address, password: PASSWORD })).rejects.toMatchObject({ code: 'invalid-email-password' })
  })

  it('ends the session when the refresh token is refused, and keeps it on a network failure', async () => {
    const { client, server } = env('v7')
    const address = email()
    await client.signUp({ email: address, password: PASSWORD })
    server.forgetSessions(address)
    await expect(client.refresh()).rejects.toMatchObject({ code: 'invalid-refresh-token' })
    expect(client.getSnapshot().status).toBe('signedOut')

    await client.signInWithPassword({ email: address, password: PASSWORD })
    const offline = createAuthClient({ backend: client.backend, storage: memoryStorage(), sync: false, locks: null, fetch: () => Promise.reject(new TypeError('Failed to fetch')) })
    await offline.adoptSession(client.getSnapshot().session!)
    await expect(offline.refresh()).rejects.toMatchObject({ code: 'network_error' })
    expect(offline.getSnapshot().status).toBe('signedIn')
  })
})
