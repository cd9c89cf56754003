import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AuthError, type BackendContext } from '../../src/index.ts'
import { nhost, nhostError } from '../../src/backends/nhost/index.ts'
import { createReferenceBackend } from '../../src/testing/index.ts'
import { alice, AUTH_URL } from '../helpers.ts'
import { nhostContract } from './nhost-contract.ts'

let contract: Awaited<ReturnType<typeof nhostContract>>
beforeAll(async () => {
  contract = await nhostContract()
})
// every request a test sent, and every reply the backend accepted, must be in the OpenAPI document
afterEach(() => {
  expect(contract.violations).toEqual([])
})

function env(options: Parameters<typeof createReferenceBackend>[0] = {}) {
  const server = createReferenceBackend({ basePath: '/v1', passwordHashIterations: 1000, clientUrl: 'http://app.test', ...options })
  const ctx: BackendContext = { fetch: contract.wrap(server.fetch), timeout: 5000, now: () => Date.now() }
  return { server, ctx, backend: nhost({ url: AUTH_URL }) }
}

describe('nhost backend against the reference backend', () => {
  it('signs up and gets a session with the user', async () => {
    const { backend, ctx } = env()
    const result = await backend.signUp({ ...alice, displayName: 'Alice', locale: 'fr', redirectTo: 'http://app.test/hi' }, ctx)
    expect(result.kind).toBe('session')
    if (result.kind !== 'session') return
    expect(result.session.user).toMatchObject({ email: alice.email, displayName: 'Alice', locale: 'fr', emailVerified: false })
    expect(result.session.accessTokenExpiresAt).toBeGreaterThan(Date.now() + 800_000)
  })

  it('signs up into the verify-email state when the server requires verification', async () => {
    const { backend, ctx, server } = env({ requireEmailVerification: true })
    expect(await backend.signUp(alice, ctx)).toEqual({ kind: 'verify-email', email: alice.email })
    expect(server.outbox).toHaveLength(1)
    await expect(backend.signInWithPassword(alice, ctx)).rejects.toMatchObject({ code: 'unverified-user', status: 401 })
  })

  it('maps sign-up refusals to codes', async () => {
    const { backend, ctx } = env()
    await backend.signUp(alice, ctx)
    await expect(backend.signUp(alice, ctx)).rejects.toMatchObject({ code: 'email-already-in-use', status: 409 })
    await expect(backend.signUp({ email: 'b@example.com', password: 'short' }, ctx)).rejects.toMatchObject({ code: 'password-too-short' })
    await expect(backend.signUp({ ...alice, email: 'c@example.com', redirectTo: 'https://evil.test' }, ctx)).rejects.toMatchObject({
      code: 'redirectTo-not-allowed',
    })
  })

  it('signs in with a password, or answers invalid-email-password', async () => {
    const { backend, ctx, server } = env()
    await server.admin.createUser(alice)
    const result = await backend.signInWithPassword(alice, ctx)
    expect(result.kind).toBe('session')
    const error = await backend.signInWithPassword({ ...alice, password: 'wrong password' }, ctx).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthError)
    expect(error).toMatchObject({ code: 'invalid-email-password', status: 401 })
  })

  it('surfaces the MFA challenge as { kind: "mfa", ticket }', async () => {
    const { backend, ctx, server } = env()
    await server.admin.createUser(alice)
    server.admin.enableTotp(alice.email)
    const result = await backend.signInWithPassword(alice, ctx)
    expect(result).toMatchObject({ kind: 'mfa', methods: ['totp'] })
    expect(result.kind === 'mfa' && result.ticket).toMatch(/^mfaTotp:/)
  })

  it('refreshes with rotation and keeps the user', async () => {
    const { backend, ctx, server } = env()
    await server.admin.createUser(alice)
    const signedIn = await backend.signInWithPassword(alice, ctx)
    if (signedIn.kind !== 'session') throw new Error('expected a session')
    const next = await backend.refresh!(signedIn.session, ctx)
    expect(next.refreshToken).not.toBe(signedIn.session.refreshToken)
    expect(next.user?.id).toBe(signedIn.session.user?.id)
    await expect(backend.refresh!(signedIn.session, ctx)).rejects.toMatchObject({ code: 'invalid-refresh-token' })
  })

  it('gets the user with the access token, and refuses an expired one', async () => {
    const { backend, ctx, server } = env({ accessTokenTtl: 60 })
    await server.admin.createUser(alice)
    const signedIn = await backend.signInWithPassword(alice, ctx)
    if (signedIn.kind !== 'session') throw new Error('expected a session')
    expect((await backend.getUser(signedIn.session, ctx)).email).toBe(alice.email)
    server.clock.advance(61_000)
    await expect(backend.getUser(signedIn.session, ctx)).rejects.toMatchObject({ code: 'unauthorized', status: 401 })
  })

  it('signs out this device only, or every device', async () => {
    const { backend, ctx, server } = env()
    await server.admin.createUser(alice)
    const one = await backend.signInWithPassword(alice, ctx)
    const two = await backend.signInWithPassword(alice, ctx)
    const three = await backend.signInWithPassword(alice, ctx)
    if (one.kind !== 'session' || two.kind !== 'session' || three.kind !== 'session') throw new Error('expected sessions')
    await backend.signOut(one.session, {}, ctx)
    expect(server.admin.activeRefreshTokens(alice.email)).toBe(2)
    await backend.signOut(two.session, { all: true }, ctx)
    expect(server.admin.activeRefreshTokens(alice.email)).toBe(0)
    await expect(backend.refresh!(three.session, ctx)).rejects.toMatchObject({ code: 'invalid-refresh-token' })
  })

  it('turns network failures and garbage into network_error and invalid_response', async () => {
    const { backend, server } = env()
    // not through the contract checker: these replies are off-spec on purpose
    const ctx: BackendContext = { fetch: server.fetch, timeout: 5000, now: () => Date.now() }
    await server.admin.createUser(alice)
    server.inject({ path: '/signin/email-password', fault: { kind: 'network' } })
    await expect(backend.signInWithPassword(alice, ctx)).rejects.toMatchObject({ code: 'network_error' })
    server.inject({ path: '/signin/email-password', fault: { kind: 'status', status: 200, body: '<html>proxy</html>' } })
    await expect(backend.signInWithPassword(alice, ctx)).rejects.toMatchObject({ code: 'invalid_response' })
    server.inject({ path: '/signin/email-password', fault: { kind: 'status', status: 502, body: 'Bad gateway' } })
    await expect(backend.signInWithPassword(alice, ctx)).rejects.toMatchObject({ code: 'internal-server-error', status: 502 })
    server.inject({ path: '/signin/email-password', fault: { kind: 'status', status: 429 } })
    await expect(backend.signInWithPassword(alice, ctx)).rejects.toMatchObject({ code: 'rate-limited', status: 429 })
  })

  it('exercises every operation the backend implements through the contract checker', () => {
    expect([...contract.seen].sort()).toEqual(['getUser', 'refreshToken', 'signInEmailPassword', 'signOut', 'signUpEmailPassword'])
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
    await backend.signInWithPassword(alice, ctx).catch(() => {})
    expect(seen).toEqual(['https://myapp.auth.eu-central-1.nhost.run/v1/signin/email-password'])
  })
})
