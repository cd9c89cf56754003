// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { AuthError } from '../../src/index.ts'
import { addPasskey, signInFlow, signInWithPasskey, signUpWithPasskey } from '../../src/core/index.ts'
import { installSoftwareAuthenticator } from '../../src/testing/index.ts'
import { nhost } from '../../src/backends/nhost/index.ts'
import { createTokenRoute, getSession, verifyJwt, REFRESH_COOKIE, SESSION_COOKIE } from '../../src/server/index.ts'
import { routeHarness } from '../support/token-route.ts'
import { totpCode } from '../support/hooks.tsx'
import { alice, APP, AUTH_URL, testBackend } from '../support/backend.tsx'

// The token-mediating mode end to end in one process (test/support/token-route.ts), on the reference
// backend through the nhost adapter.

const stops: Array<() => void> = []
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
})

function setup() {
  const env = testBackend()
  const harness = routeHarness({ server: nhost({ url: AUTH_URL }), page: nhost({ url: AUTH_URL, passwordPolicy: { minLength: 9 } }), fetch: env.server.fetch, origin: APP, now: () => env.clock.now() })
  stops.push(harness.stop)
  const tokenCalls = () => env.server.requests.filter((r) => r.path.endsWith('/token')).length
  return { ...env, ...harness, tokenCalls }
}

describe('the token route: the refresh token out of the page', () => {
  it('signs in through the route: the page holds the access token in memory and a marker, the refresh token is in an httpOnly, SameSite=Strict cookie', async () => {
    const { server, makeClient, jar } = setup()
    await server.admin.createUser(alice)
    const client = makeClient()
    await client.ready()
    await client.signInWithPassword(alice)
    const { session, user } = client.getSnapshot()
    expect(user?.email).toBe(alice.email)
    expect(session?.accessToken).toMatch(/^ey/)

    const refresh = jar.get(REFRESH_COOKIE)!
    expect(refresh.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']))
    expect(jar.get(SESSION_COOKIE)!.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax']))
    const refreshToken = decodeURIComponent(refresh.value)
    expect(refreshToken.length).toBeGreaterThan(10)
    // nothing a script reaches holds it: the snapshot, the cookie the session cookie carries
    expect(session?.refreshToken).toMatch(/^route:[0-9a-f]{24}$/)
    expect(JSON.stringify(client.getSnapshot())).not.toContain(refreshToken)
    expect(decodeURIComponent(jar.get(SESSION_COOKIE)!.value)).not.toContain(refreshToken)
  })

  it('brings the session back on a reload from the cookies, without a refresh while the access token is fresh', async () => {
    const { server, makeClient, tokenCalls, calls } = setup()
    await server.admin.createUser(alice)
    await makeClient().signInWithPassword(alice)
    const reloaded = makeClient()
    const snapshot = await reloaded.ready()
    expect(snapshot.status).toBe('signedIn')
    expect(snapshot.user?.email).toBe(alice.email)
    expect(calls.at(-1)).toBe('session.restore')
    expect(tokenCalls()).toBe(0)
  })

  it('renews once for every tab: a tab whose token another tab renewed gets the new session from the cookie, and racing tabs share one call', async () => {
    const { server, clock, makeClient, tokenCalls } = setup()
    await server.admin.createUser(alice)
    const first = makeClient()
    await first.signInWithPassword(alice)
    const second = makeClient()
    await second.ready()
    const third = makeClient()
    await third.ready()
    clock.advance(16 * 60_000)
    await first.refresh()
    expect(tokenCalls()).toBe(1)
    await second.refresh()
    expect(tokenCalls()).toBe(1)
    expect(second.getSnapshot().session?.accessToken).toBe(first.getSnapshot().session?.accessToken)

    clock.advance(16 * 60_000)
    await Promise.all([first.refresh(), second.refresh(), third.refresh()])
    expect(tokenCalls()).toBe(2)
    for (const tab of [first, second, third]) expect(tab.getSnapshot().status).toBe('signedIn')
  })

  it('finishes a TOTP sign-in through the route', async () => {
    const { server, clock, makeClient, jar } = setup()
    await server.admin.createUser(alice)
    const secret = server.admin.enableTotp(alice.email)
    const client = makeClient()
    await client.ready()
    const flow = signInFlow(client)
    expect(await flow.signIn(alice)).toMatchObject({ kind: 'mfa' })
    expect(jar.has(REFRESH_COOKIE)).toBe(false)
    await flow.verifyTotp(totpCode(secret, clock.now()))
    expect(client.getSnapshot().status).toBe('signedIn')
    expect(jar.has(REFRESH_COOKIE)).toBe(true)
  })

  it('signs up with a passkey and signs in with it, the ceremonies in the page and the server calls through the route', async () => {
    const authenticator = installSoftwareAuthenticator()
    stops.push(() => authenticator.uninstall())
    const { server, makeClient, jar, calls } = setup()
    const client = makeClient()
    await client.ready()
    await signUpWithPasskey(client, { email: 'pat@example.com', nickname: 'Laptop' })
    expect(jar.has(REFRESH_COOKIE)).toBe(true)
    await client.signOut()
    expect(jar.has(REFRESH_COOKIE)).toBe(false)
    await signInWithPasskey(client, { email: 'pat@example.com' })
    expect(client.getSnapshot().user?.email).toBe('pat@example.com')
    expect(server.admin.passkeys('pat@example.com')[0]!.counter).toBe(1)
    // the server's options reach the ceremony whole: this authenticator is on their exclude list
    await expect(addPasskey(client, { nickname: 'Phone' })).rejects.toMatchObject({ code: 'passkey_already_registered' })
    expect(calls).toEqual(expect.arrayContaining(['passkey.signUpOptions', 'passkey.signUpVerify', 'passkey.signInOptions', 'passkey.signInVerify', 'passkey.addOptions']))
  })

  it("hands the auth server's refusal to the page as the same AuthError", async () => {
    const { server, makeClient, jar } = setup()
    await server.admin.createUser(alice)
    const client = makeClient()
    await client.ready()
    const refused = await client.signInWithPassword({ email: alice.email, password: 'not the password' }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(AuthError)
    expect(refused).toMatchObject({ code: 'invalid-email-password', status: 401 })
    expect(jar.size).toBe(0)
  })

  it('signs out on the auth server and clears both cookies; the next page load is signed out', async () => {
    const { server, makeClient, jar, tokenCalls } = setup()
    await server.admin.createUser(alice)
    const client = makeClient()
    await client.signInWithPassword(alice)
    const refreshToken = decodeURIComponent(jar.get(REFRESH_COOKIE)!.value)
    await client.signOut()
    expect(jar.size).toBe(0)
    expect((await makeClient().ready()).status).toBe('signedOut')
    // the refresh token is dead on the server too
    const reply = await server.fetch(`${AUTH_URL}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken }) })
    expect(reply.status).toBe(401)
    expect(tokenCalls()).toBe(1)
  })

  it('refuses calls that do not come from the app\'s own pages', async () => {
    const { route } = setup()
    const call = (headers: Record<string, string>, method = 'POST') =>
      route(new Request(`${APP}/api/auth`, { method, headers, ...(method === 'POST' ? { body: JSON.stringify({ op: 'session.restore', args: [] }) } : {}) }))
    const good = { 'content-type': 'application/json', 'x-keyward': '1', origin: APP }
    expect((await call(good)).status).toBe(200)
    expect((await call({ ...good, origin: 'https://evil.example' })).status).toBe(403)
    expect((await call({ 'content-type': 'application/json', 'x-keyward': '1' })).status).toBe(403)
    expect((await call({ 'content-type': 'application/json', origin: APP })).status).toBe(403)
    expect((await call({ ...good, 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await call({ ...good, 'content-type': 'text/plain' })).status).toBe(403)
    expect((await call({ origin: APP }, 'GET')).status).toBe(405)
    const refused = await (await call({ ...good, origin: 'https://evil.example' })).json()
    expect(refused).toMatchObject({ error: { code: 'invalid-request' } })
  })

  it('marks its cookies Secure for an https page behind a proxy that ends TLS (the route sees http), and not for http://localhost', async () => {
    const { server } = setup()
    await server.admin.createUser(alice)
    const route = createTokenRoute(nhost({ url: AUTH_URL }), { fetch: server.fetch, origins: ['https://app.example'] })
    const signIn = (origin: string) =>
      route(
        new Request('http://internal:3000/api/auth', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-keyward': '1', origin },
          body: JSON.stringify({ op: 'signIn.withPassword', args: [alice] }),
        }),
      )
    const behindProxy = (await signIn('https://app.example')).headers.getSetCookie()
    expect(behindProxy.length).toBeGreaterThan(0)
    for (const line of behindProxy) expect(line).toMatch(/; Secure/)
    const local = await createTokenRoute(nhost({ url: AUTH_URL }), { fetch: server.fetch })(
      new Request(`${APP}/api/auth`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-keyward': '1', origin: APP }, body: JSON.stringify({ op: 'signIn.withPassword', args: [alice] }) }),
    )
    for (const line of local.headers.getSetCookie()) expect(line).not.toMatch(/Secure/)
  })

  it('answers a garbled refresh cookie as no session, never with a crash', async () => {
    const { route } = setup()
    const reply = await route(
      new Request(`${APP}/api/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-keyward': '1', origin: APP, cookie: `${REFRESH_COOKIE}=%E0%A4%A` },
        body: JSON.stringify({ op: 'session.restore', args: [] }),
      }),
    )
    expect(reply.status).toBe(200)
    expect(await reply.json()).toEqual({ result: null })
    expect((await route.session(new Request(`${APP}/`, { headers: { cookie: `${REFRESH_COOKIE}=%E0%A4%A` } }))).session).toBeNull()
  })

  it('runs only the contract\'s operations, never a link\'s reading, nothing else', async () => {
    const { route } = setup()
    const call = async (op: string) =>
      (await route(new Request(`${APP}/api/auth`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-keyward': '1', origin: APP }, body: JSON.stringify({ op, args: [] }) }))).status
    expect(await call('redirect.parse')).toBe(404)
    expect(await call('constructor.call')).toBe(404)
    expect(await call('session.__proto__')).toBe(404)
    expect(await call('signIn.withPassword.x')).toBe(404)
  })
})

describe('the route in front of the server render (middleware)', () => {
  it("renews a session whose access token expired while the page was closed, so the render behind it is signed in; the next page's call finds it renewed", async () => {
    const { server, clock, makeClient, pageRequest, route, jar, tokenCalls } = setup()
    await server.admin.createUser(alice)
    await makeClient().signInWithPassword(alice)
    const jwks = (await (await server.fetch(`${AUTH_URL}/.well-known/jwks.json`)).json()) as { keys: [] }
    const verify = verifyJwt({ jwks, now: () => clock.now() })

    // fresh: nothing to renew, nothing to set
    const early = await route.session(pageRequest())
    expect(early.session?.user?.email).toBe(alice.email)
    expect(early.setCookie.filter((line) => line.startsWith(`${REFRESH_COOKIE}=`))).toEqual([])
    expect(tokenCalls()).toBe(0)

    clock.advance(16 * 60_000)
    expect(await getSession(pageRequest(), { verify })).toBeNull()
    const renewed = await route.session(pageRequest())
    expect(tokenCalls()).toBe(1)
    expect(renewed.session?.user?.email).toBe(alice.email)
    expect(renewed.session?.refreshToken).toMatch(/^route:/)
    expect(renewed.setCookie.some((line) => line.startsWith(`${REFRESH_COOKIE}=`) && /HttpOnly/.test(line))).toBe(true)
    // the render behind the middleware reads the renewed cookies
    const behind = new Request(`${APP}/account`, { headers: { cookie: renewed.cookie } })
    expect((await getSession(behind, { verify }))?.user?.email).toBe(alice.email)
    // the browser keeps what the middleware set: the page's own restore needs no refresh
    for (const line of renewed.setCookie) {
      const [pair] = line.split('; ')
      const at = pair!.indexOf('=')
      jar.set(pair!.slice(0, at), { value: pair!.slice(at + 1), attributes: line.split('; ').slice(1) })
    }
    expect((await makeClient().ready()).status).toBe('signedIn')
    expect(tokenCalls()).toBe(1)
  })

  it('keeps a session it cannot renew (no refresh cookie came) while its access token lasts, and drops it once it expired', async () => {
    const { server, clock, makeClient, route, jar } = setup()
    await server.admin.createUser(alice)
    await makeClient().signInWithPassword(alice)
    const withoutRefresh = () => new Request(`${APP}/account`, { headers: { cookie: `${SESSION_COOKIE}=${jar.get(SESSION_COOKIE)!.value}` } })
    clock.advance(14 * 60_000 + 45_000) // 15 seconds left: due, not expired
    const due = await route.session(withoutRefresh())
    expect(due.session?.user?.email).toBe(alice.email)
    expect(due.setCookie).toEqual([])
    clock.advance(30_000)
    const expired = await route.session(withoutRefresh())
    expect(expired.session).toBeNull()
    expect(expired.cookie).not.toContain(SESSION_COOKIE)
  })

  it('clears the cookies once the auth server refused the refresh token, and has no session', async () => {
    const { server, clock, makeClient, pageRequest, route, jar } = setup()
    await server.admin.createUser(alice)
    await makeClient().signInWithPassword(alice)
    // revoked elsewhere (every session of the user ended)
    await server.fetch(`${AUTH_URL}/signout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: decodeURIComponent(jar.get(REFRESH_COOKIE)!.value) }) })
    clock.advance(16 * 60_000)
    const ended = await route.session(pageRequest())
    expect(ended.session).toBeNull()
    expect(ended.setCookie.some((line) => line.startsWith(`${REFRESH_COOKIE}=;`) && /Max-Age=0/.test(line))).toBe(true)
    expect(ended.cookie).not.toContain(REFRESH_COOKIE)
  })
})

describe('getSession on the server', () => {
  it('trusts the cookie only with a valid signature, unexpired, about its user', async () => {
    const { server, clock, makeClient, pageRequest, jar } = setup()
    await server.admin.createUser(alice)
    await makeClient().signInWithPassword(alice)
    const jwks = (await (await server.fetch(`${AUTH_URL}/.well-known/jwks.json`)).json()) as { keys: [] }
    const verify = verifyJwt({ jwks, now: () => clock.now() })

    const session = await getSession(pageRequest(), { verify })
    expect(session?.user?.email).toBe(alice.email)
    expect(session?.refreshToken).toMatch(/^route:/)
    expect(await getSession(new Request(`${APP}/account`), { verify })).toBeNull()

    // forged: the payload changed, the signature kept
    const stored = JSON.parse(decodeURIComponent(jar.get(SESSION_COOKIE)!.value)) as { accessToken: string; user: { id: string } }
    const [head, payload, signature] = stored.accessToken.split('.')
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>
    const forgedToken = [head, Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url'), signature].join('.')
    const forged = (value: object) => new Request(`${APP}/account`, { headers: { cookie: `${SESSION_COOKIE}=${encodeURIComponent(JSON.stringify(value))}` } })
    expect(await getSession(forged({ ...stored, accessToken: forgedToken }), { verify })).toBeNull()
    // a genuine token with someone else's user beside it
    expect(await getSession(forged({ ...stored, user: { ...stored.user, id: 'someone-else' } }), { verify })).toBeNull()

    clock.advance(16 * 60_000)
    expect(await getSession(pageRequest(), { verify })).toBeNull()
  })
})
