import { describe, expect, it } from 'vitest'
import { AuthError, type BackendContext } from '../../src/index.ts'
import { nhost, nhostError } from '../../src/backends/nhost/index.ts'
import { alice, testBackend, type TestBackendOptions } from '../support/backend.tsx'

// Every request and every accepted reply goes through the Nhost contract checker (test/support/setup.ts).
const env = (options: TestBackendOptions = {}) => testBackend({ clock: 'real', clientUrl: 'http://app.test', ...options })

describe('nhost backend against the reference backend', () => {
  it('signs up and gets a session with the user', async () => {
    const { backend, ctx, contract } = env()
    const result = await backend.signUp.withPassword({ ...alice, displayName: 'Alice', locale: 'fr', redirectTo: 'http://app.test/hi' }, ctx)
    expect(contract!.operations).toEqual(['signUpEmailPassword'])
    expect(result.kind).toBe('session')
    if (result.kind !== 'session') return
    expect(result.session.user).toMatchObject({ email: alice.email, displayName: 'Alice', emailVerified: false, raw: { locale: 'fr' } })
    expect(result.session.accessTokenExpiresAt).toBeGreaterThan(Date.now() + 800_000)
  })

  it('signs up into the verify-email state when the server requires verification', async () => {
    const { backend, ctx, server } = env({ requireEmailVerification: true })
    expect(await backend.signUp.withPassword(alice, ctx)).toEqual({ kind: 'verify-email', email: alice.email })
    expect(server.outbox).toHaveLength(1)
    await expect(backend.signIn.withPassword(alice, ctx)).rejects.toMatchObject({ code: 'unverified-user', status: 401 })
  })

  it('maps sign-up refusals to codes', async () => {
    const { backend, ctx } = env()
    await backend.signUp.withPassword(alice, ctx)
    await expect(backend.signUp.withPassword(alice, ctx)).rejects.toMatchObject({ code: 'email-already-in-use', status: 409 })
    await expect(backend.signUp.withPassword({ email: 'b@example.com', password: 'short' }, ctx)).rejects.toMatchObject({ code: 'password-too-short' })
    await expect(backend.signUp.withPassword({ ...alice, email: 'c@example.com', redirectTo: 'https://evil.test' }, ctx)).rejects.toMatchObject({
      code: 'redirectTo-not-allowed',
    })
  })

  it('signs in with a password, or answers invalid-email-password', async () => {
    const { backend, ctx, server } = env()
    await server.admin.createUser(alice)
    const result = await backend.signIn.withPassword(alice, ctx)
    expect(result.kind).toBe('session')
    const error = await backend.signIn.withPassword({ ...alice, password: 'wrong password' }, ctx).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthError)
    expect(error).toMatchObject({ code: 'invalid-email-password', status: 401 })
  })

  it('surfaces the MFA challenge as { kind: "mfa", ticket }', async () => {
    const { backend, ctx, server } = env()
    await server.admin.createUser(alice)
    server.admin.enableTotp(alice.email)
    const result = await backend.signIn.withPassword(alice, ctx)
    expect(result).toMatchObject({ kind: 'mfa', methods: ['totp'] })
    expect(result.kind === 'mfa' && result.ticket).toMatch(/^mfaTotp:/)
  })

  it('refreshes with rotation and keeps the user', async () => {
    const { backend, ctx, server, contract } = env({ refreshTokenReuseInterval: 0 })
    await server.admin.createUser(alice)
    const signedIn = await backend.signIn.withPassword(alice, ctx)
    if (signedIn.kind !== 'session') throw new Error('expected a session')
    const next = await backend.session.refresh!(signedIn.session, ctx)
    expect(next.refreshToken).not.toBe(signedIn.session.refreshToken)
    expect(next.user?.id).toBe(signedIn.session.user?.id)
    await expect(backend.session.refresh!(signedIn.session, ctx)).rejects.toMatchObject({ code: 'invalid-refresh-token' })
    expect(contract!.operations).toEqual(['signInEmailPassword', 'refreshToken', 'refreshToken'])
  })

  it('gets the user with the access token, and refuses an expired one', async () => {
    const { backend, ctx, server, contract } = env({ accessTokenTtl: 60 })
    await server.admin.createUser(alice)
    const signedIn = await backend.signIn.withPassword(alice, ctx)
    if (signedIn.kind !== 'session') throw new Error('expected a session')
    expect((await backend.session.getUser(signedIn.session, ctx)).email).toBe(alice.email)
    server.clock.advance(61_000)
    await expect(backend.session.getUser(signedIn.session, ctx)).rejects.toMatchObject({ code: 'unauthorized', status: 401 })
    expect(contract!.operations).toEqual(['signInEmailPassword', 'getUser', 'getUser'])
  })

  it('signs out this device only, or every device', async () => {
    const { backend, ctx, server, contract } = env()
    await server.admin.createUser(alice)
    const one = await backend.signIn.withPassword(alice, ctx)
    const two = await backend.signIn.withPassword(alice, ctx)
    const three = await backend.signIn.withPassword(alice, ctx)
    if (one.kind !== 'session' || two.kind !== 'session' || three.kind !== 'session') throw new Error('expected sessions')
    await backend.session.signOut(one.session, ctx)
    expect(server.admin.activeRefreshTokens(alice.email)).toBe(2)
    await backend.session.signOutEverywhere(two.session, ctx)
    expect(server.admin.activeRefreshTokens(alice.email)).toBe(0)
    await expect(backend.session.refresh!(three.session, ctx)).rejects.toMatchObject({ code: 'invalid-refresh-token' })
    expect(contract!.operations.filter((id) => id === 'signOut')).toHaveLength(2)
  })

  it('turns network failures and garbage into network_error and invalid_response', async () => {
    // not through the contract checker: these replies are off-spec on purpose
    const { backend, server, ctx } = env({ contract: false })
    await server.admin.createUser(alice)
    server.inject({ path: '/signin/email-password', fault: { kind: 'network' } })
    await expect(backend.signIn.withPassword(alice, ctx)).rejects.toMatchObject({ code: 'network_error' })
    server.inject({ path: '/signin/email-password', fault: { kind: 'status', status: 200, body: '<html>proxy</html>' } })
    await expect(backend.signIn.withPassword(alice, ctx)).rejects.toMatchObject({ code: 'invalid_response' })
    server.inject({ path: '/signin/email-password', fault: { kind: 'status', status: 502, body: 'Bad gateway' } })
    await expect(backend.signIn.withPassword(alice, ctx)).rejects.toMatchObject({ code: 'internal-server-error', status: 502 })
    server.inject({ path: '/signin/email-password', fault: { kind: 'status', status: 429 } })
    await expect(backend.signIn.withPassword(alice, ctx)).rejects.toMatchObject({ code: 'rate-limited', status: 429 })
  })

})

describe('nhostError', () => {
  it('keeps unknown server codes in serverCode under a generic code', () => {
    const error = nhostError(418, { status: 418, message: 'brew', error: 'teapot-overflow' })
    expect(error).toMatchObject({ code: 'unknown-server-error', serverCode: 'teapot-overflow', status: 418 })
  })

  it('recognises request validation errors and the missing-elevation reply', () => {
    expect(nhostError(400, { error: 'request-validation-error', reason: 'x' }).code).toBe('invalid-request')
    expect(nhostError(403, { error: 'Elevated claim required' }).code).toBe('elevation-required')
  })
})

describe('nhost()', () => {
  it('builds the Nhost Cloud URL from subdomain and region', async () => {
    const seen: string[] = []
    const backend = nhost({ subdomain: 'myapp', region: 'eu-central-1' })
    const ctx: BackendContext = {
      fetch: async (input) => {
        seen.push(String(input))
        return new Response(JSON.stringify({ error: 'invalid-email-password', status: 401, message: 'no' }), { status: 401 })
      },
      timeout: 1000,
      now: Date.now,
    }
    await backend.signIn.withPassword(alice, ctx).catch(() => {})
    expect(seen).toEqual(['https://myapp.auth.eu-central-1.nhost.run/v1/signin/email-password'])
  })
})
