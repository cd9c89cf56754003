import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { AuthError, createAuthClient, memoryStorage } from '../../src/index.ts'
import { nhost } from '../../src/backends/nhost/index.ts'
import { alice, AUTH_URL, testBackend } from '../support/backend.tsx'

// Whatever a server sends, an AuthError never carries a token, password or code: not in its message,
// cause, toString(), util.inspect or JSON.stringify, where error reporters and logs would expose it.

const ACCESS = 'eyJhbGciOiJSUzI1NiJ9.SECRET-ACCESS-TOKEN.sig'
const REFRESH = 'SECRET-REFRESH-TOKEN-5f0e'

function everyRendering(error: unknown): string {
  return [String(error), JSON.stringify(error), JSON.stringify((error as Error).cause ?? null), inspect(error, { depth: Infinity, showHidden: true })].join('\n')
}

const reply = (status: number, body: unknown) => async () =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('errors never carry secrets', () => {
  it.for([
    ['a wrong-shape session reply', reply(200, { session: { accessToken: ACCESS, refreshToken: REFRESH, accessTokenExpiresIn: 'soon', refreshTokenId: 'x' } })],
    ['a session with a number for a token', reply(200, { session: { accessToken: 42, refreshToken: REFRESH, accessTokenExpiresIn: 900, refreshTokenId: ACCESS } })],
    ['an error reply that echoes tokens', reply(400, { status: 400, error: 'invalid-request', detail: { accessToken: ACCESS, refreshToken: REFRESH } })],
    ['an unknown error code beside tokens', reply(418, { status: 418, error: 'teapot', refreshToken: REFRESH, accessToken: ACCESS })],
  ] as const)('%s', async ([, fetch]) => {
    const backend = nhost({ url: AUTH_URL })
    const error = await backend.signIn.withPassword(alice, { fetch, timeout: 1000, now: Date.now }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthError)
    const text = everyRendering(error)
    expect(text).not.toContain('SECRET-ACCESS-TOKEN')
    expect(text).not.toContain(REFRESH)
    expect(text).not.toContain(alice.password)
  })

  it('keeps where a reply was wrong, so the error is still useful', async () => {
    const backend = nhost({ url: AUTH_URL })
    const error = await backend
      .signIn.withPassword(alice, { fetch: reply(200, { session: { accessToken: ACCESS, refreshToken: REFRESH, accessTokenExpiresIn: 'soon', refreshTokenId: 'x' } }), timeout: 1000, now: Date.now })
      .catch((e: unknown) => e as AuthError)
    expect(error).toMatchObject({ code: 'invalid_response', cause: { issues: [{ path: 'session.accessTokenExpiresIn', expected: 'number' }] } })
  })

  it('publishes no token in the session error after a garbled refresh', async () => {
    const { server, backend } = testBackend({ contract: false })
    await server.admin.createUser(alice)
    const client = createAuthClient({ backend, fetch: server.fetch, storage: memoryStorage(), sync: false, locks: null })
    await client.ready()
    await client.signInWithPassword(alice)
    server.inject({ path: '/token', fault: { kind: 'status', status: 200, body: JSON.stringify({ accessToken: ACCESS, refreshToken: REFRESH }) } })
    await client.refresh().catch(() => {})
    const { error } = client.getSnapshot()
    expect(error).toMatchObject({ code: 'invalid_response' })
    expect(everyRendering(error)).not.toContain('SECRET-ACCESS-TOKEN')
  })
})
