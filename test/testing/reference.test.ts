import { describe, expect, it } from 'vitest'
import { AUTH_URL, alice, postJson, testBackend } from '../support/backend.tsx'

describe('reference backend', () => {
  it('refuses a wrong password with 401 invalid-email-password, and an unknown e-mail the same way', async () => {
    const { server } = testBackend({ clock: 'real' })
    await postJson(server, '/signup/email-password', alice)
    const wrong = await postJson(server, '/signin/email-password', { email: alice.email, password: 'not the password' })
    expect(wrong).toMatchObject({ status: 401, body: { status: 401, error: 'invalid-email-password' } })
    const unknown = await postJson(server, '/signin/email-password', { email: 'nobody@example.com', password: 'whatever12' })
    expect(unknown.body.error).toBe('invalid-email-password')
    const right = await postJson(server, '/signin/email-password', alice)
    expect(right.status).toBe(200)
    expect(right.body.session.user.email).toBe(alice.email)
  })

  it('refuses a second sign-up with the same e-mail (any case) with 409 email-already-in-use', async () => {
    const { server } = testBackend({ clock: 'real' })
    expect((await postJson(server, '/signup/email-password', alice)).status).toBe(200)
    const again = await postJson(server, '/signup/email-password', { ...alice, email: 'ALICE@example.com' })
    expect(again).toMatchObject({ status: 409, body: { error: 'email-already-in-use' } })
  })

  it('rejects short passwords, malformed e-mails and JSON that is not an object', async () => {
    // requests off the contract on purpose: how the server answers them is what is tested
    const { server } = testBackend({ clock: 'real', contract: false })
    expect((await postJson(server, '/signup/email-password', { email: alice.email, password: 'short1' })).body.error).toBe('password-too-short')
    expect((await postJson(server, '/signup/email-password', { email: 'not-an-email', password: alice.password })).body).toMatchObject({
      error: 'request-validation-error',
    })
    const garbage = await server.fetch(`${AUTH_URL}/signin/email-password`, { method: 'POST', body: '{nope' })
    expect(garbage.status).toBe(400)
  })

  it('stores no password in clear and logs no request bodies', async () => {
    const { server } = testBackend({ clock: 'real' })
    await postJson(server, '/signup/email-password', alice)
    expect(JSON.stringify(server.requests)).not.toContain(alice.password)
    expect(JSON.stringify(server.admin.getUser(alice.email))).not.toContain(alice.password)
  })

  it('rotates refresh tokens and revokes the whole family when a rotated token is reused', async () => {
    // the strictest server: no reuse interval
    const { server } = testBackend({ clock: 'real', refreshTokenReuseInterval: 0 })
    const { body } = await postJson(server, '/signup/email-password', alice)
    const first = body.session.refreshToken as string

    const rotated = await postJson(server, '/token', { refreshToken: first })
    expect(rotated.status).toBe(200)
    const second = rotated.body.refreshToken as string
    expect(second).not.toBe(first)

    // replaying the first token: refused, and the legitimate second token dies with it
    expect((await postJson(server, '/token', { refreshToken: first })).body.error).toBe('invalid-refresh-token')
    expect((await postJson(server, '/token', { refreshToken: second })).body.error).toBe('invalid-refresh-token')
    expect(server.admin.activeRefreshTokens(alice.email)).toBe(0)
  })

  it('answers a rotated token again with the same successor within the reuse interval (default 10 s), then revokes', async () => {
    const { server } = testBackend()
    const { body } = await postJson(server, '/signup/email-password', alice)
    const first = body.session.refreshToken as string
    const rotated = await postJson(server, '/token', { refreshToken: first })
    const second = rotated.body.refreshToken as string

    // the reply was lost: the client presents the first token again, 9 s later
    server.clock.advance(9_000)
    const again = await postJson(server, '/token', { refreshToken: first })
    expect(again.status).toBe(200)
    expect(again.body.refreshToken).toBe(second)
    expect(server.admin.activeRefreshTokens(alice.email)).toBe(1)

    // past the interval, the same replay is theft: the family is revoked
    server.clock.advance(2_000)
    expect((await postJson(server, '/token', { refreshToken: first })).body.error).toBe('invalid-refresh-token')
    expect((await postJson(server, '/token', { refreshToken: second })).body.error).toBe('invalid-refresh-token')
  })

  it('revokes at once a rotated token presented after its successor was used', async () => {
    const { server } = testBackend()
    const { body } = await postJson(server, '/signup/email-password', alice)
    const first = body.session.refreshToken as string
    const second = (await postJson(server, '/token', { refreshToken: first })).body.refreshToken as string
    expect((await postJson(server, '/token', { refreshToken: second })).status).toBe(200)
    expect((await postJson(server, '/token', { refreshToken: first })).body.error).toBe('invalid-refresh-token')
    expect(server.admin.activeRefreshTokens(alice.email)).toBe(0)
  })

  it('expires access tokens on its clock and refresh tokens after their lifetime', async () => {
    const { server } = testBackend({ clock: 'real', accessTokenTtl: 60, refreshTokenTtl: 3600 })
    const { body } = await postJson(server, '/signup/email-password', alice)
    const bearer = { authorization: `Bearer ${body.session.accessToken}` }

    expect((await server.fetch(`${AUTH_URL}/user`, { headers: bearer })).status).toBe(200)
    server.clock.advance(61_000)
    const expired = await server.fetch(`${AUTH_URL}/user`, { headers: bearer })
    expect(expired.status).toBe(401)

    server.clock.advance(3600_000)
    expect((await postJson(server, '/token', { refreshToken: body.session.refreshToken })).body.error).toBe('invalid-refresh-token')
  })

  it('signs access tokens with a key published in its JWKS', async () => {
    const { server } = testBackend({ clock: 'real' })
    const { body } = await postJson(server, '/signup/email-password', alice)
    const jwks = await (await server.fetch(`${AUTH_URL}/.well-known/jwks.json`)).json()
    const { createLocalJWKSet, jwtVerify } = await import('jose')
    const { payload } = await jwtVerify(body.session.accessToken, createLocalJWKSet(jwks), {
      currentDate: new Date(server.clock.now()),
    })
    expect(payload.sub).toBe(body.session.user.id)
    expect(payload['https://hasura.io/jwt/claims']).toMatchObject({ 'x-hasura-user-id': body.session.user.id, 'x-hasura-default-role': 'user' })
  })

  it('e-mails a single-use verification link that redirects with a refresh token, or with an error', async () => {
    const { server } = testBackend({ clock: 'real', requireEmailVerification: true, clientUrl: 'http://app.test' })
    const signUp = await postJson(server, '/signup/email-password', { ...alice, options: { redirectTo: 'http://app.test/welcome' } })
    expect(signUp.body).toEqual({})
    expect((await postJson(server, '/signin/email-password', alice)).body.error).toBe('unverified-user')

    const mail = server.outbox.at(-1)!
    expect(mail.to).toBe(alice.email)
    const ok = await server.fetch(mail.link!, { redirect: 'manual' })
    expect(ok.status).toBe(302)
    const target = new URL(ok.headers.get('location')!)
    expect(target.origin + target.pathname).toBe('http://app.test/welcome')
    expect(target.searchParams.get('refreshToken')).toMatch(/^[0-9a-f-]{36}$/)
    expect((await postJson(server, '/signin/email-password', alice)).status).toBe(200)

    const reused = new URL((await server.fetch(mail.link!, { redirect: 'manual' })).headers.get('location')!)
    expect(reused.searchParams.get('error')).toBe('invalid-ticket')
    expect(reused.searchParams.get('refreshToken')).toBeNull()
  })

  it('refuses redirect targets outside the allowlist', async () => {
    const { server } = testBackend({ clock: 'real', clientUrl: 'http://app.test', allowedRedirectUrls: ['http://localhost:*'] })
    const evil = await postJson(server, '/signup/email-password', { ...alice, options: { redirectTo: 'https://evil.test/' } })
    expect(evil.body.error).toBe('redirectTo-not-allowed')
    const lookalike = await postJson(server, '/signup/email-password', { ...alice, options: { redirectTo: 'http://app.test.evil.test/' } })
    expect(lookalike.body.error).toBe('redirectTo-not-allowed')
    const local = await postJson(server, '/signup/email-password', { ...alice, options: { redirectTo: 'http://localhost:4000/cb' } })
    expect(local.status).toBe(200)
  })

  it('allows any loopback port by default, names the option to change when it refuses, and can be strict', async () => {
    // a dev server that moved to another port (Vite's 5174 when 5173 is busy) still signs up
    const { server } = testBackend({ clock: 'real', clientUrl: 'http://localhost:5173' })
    for (const [i, redirectTo] of ['http://localhost:5174/', 'http://127.0.0.1:3000/welcome'].entries()) {
      const reply = await postJson(server, '/signup/email-password', { ...alice, email: `dev${i}@example.com`, options: { redirectTo } })
      expect(reply.status).toBe(200)
    }
    const refused = await postJson(server, '/signup/email-password', { ...alice, options: { redirectTo: 'https://evil.test/cb?x=1' } })
    expect(refused.body).toMatchObject({ error: 'redirectTo-not-allowed' })
    expect(refused.body.message).toContain('https://evil.test')
    expect(refused.body.message).toContain('allowedRedirectUrls')

    const strict = testBackend({ clock: 'real', clientUrl: 'http://localhost:5173', allowLoopbackOrigins: false }).server
    const moved = await postJson(strict, '/signup/email-password', { ...alice, options: { redirectTo: 'http://localhost:5174/' } })
    expect(moved.body.error).toBe('redirectTo-not-allowed')
    expect((await postJson(strict, '/signup/email-password', { ...alice, options: { redirectTo: 'http://localhost:5173/x' } })).status).toBe(200)
  })

  it('injects faults: a 500, a malformed body and a dropped connection, each once', async () => {
    const { server } = testBackend({ clock: 'real' })
    server.inject({ path: '/healthz', fault: { kind: 'status', status: 500 } })
    expect((await server.fetch(`${AUTH_URL}/healthz`)).status).toBe(500)
    server.inject({ path: '/healthz', fault: { kind: 'malformed' } })
    await expect((await server.fetch(`${AUTH_URL}/healthz`)).json()).rejects.toThrow()
    server.inject({ path: '/healthz', fault: { kind: 'network' } })
    await expect(server.fetch(`${AUTH_URL}/healthz`)).rejects.toThrow(TypeError)
    expect(await (await server.fetch(`${AUTH_URL}/healthz`)).json()).toBe('OK')
  })
})

describe('reference backend outbox route', () => {
  it('is served only when exposeOutbox is set', async () => {
    // the outbox is the reference backend's own route, not Nhost's
    const closed = testBackend({ clock: 'real', contract: false })
    expect((await closed.server.fetch(`${AUTH_URL}/__reference/outbox`)).status).toBe(404)
    const open = testBackend({ clock: 'real', exposeOutbox: true, contract: false })
    await postJson(open.server, '/signup/email-password', alice)
    const mails = await (await open.server.fetch(`${AUTH_URL}/__reference/outbox`)).json()
    expect(mails).toMatchObject([{ to: alice.email, kind: 'email-verification' }])
  })
})
