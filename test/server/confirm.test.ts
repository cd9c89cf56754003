import { describe, expect, inject, it } from 'vitest'
import { authJs } from '../../src/backends/authjs/index.ts'
import { betterAuth } from '../../src/backends/better-auth/index.ts'
import { createAuthClient, memoryStorage } from '../../src/index.ts'
import { confirmWithBackend, getSession, SESSION_COOKIE } from '../../src/server/index.ts'
import { PASSWORD as BETTER_AUTH_PASSWORD, pageFetch } from '../support/better-auth.ts'
import { authJsUrl, browser, PASSWORD, register, uniqueEmail } from '../support/authjs.ts'

// A cookie session on the server: the request's cookies forwarded to the auth server (this run's real
// Auth.js), which says whose session it is — once per request, however many times it is asked.

describe('confirmWithBackend: a cookie session, asked of its server', () => {
  it("reads the user of a signed-in browser's request, refuses a forged or signed-out cookie, and asks once per request", async () => {
    const page = browser()
    const backend = authJs({ url: `${authJsUrl}/api/auth` })
    const client = createAuthClient({ backend, fetch: page.fetch, storage: memoryStorage(), sync: false, locks: null })
    const email = uniqueEmail('confirm')
    await register(email)
    await client.signInWithPassword({ email, password: PASSWORD })

    let asked = 0
    const counted: typeof fetch = (input, init) => {
      asked++
      return fetch(input, init)
    }
    const verify = confirmWithBackend(authJs({ url: `${authJsUrl}/api/auth` }), { fetch: counted })
    const cookie = [...page.jar].map(([name, value]) => `${name}=${value}`).join('; ')
    const request = new Request('http://localhost:3000/account', { headers: { cookie } })
    expect((await getSession(request, { verify }))?.user?.email).toBe(email)
    expect((await getSession(request, { verify }))?.user?.email).toBe(email)
    expect(asked).toBe(1)

    const forged = cookie.replace(/(authjs\.session-token=)([^;]+)/, (_, name: string, value: string) => `${name}${value.slice(0, -4)}AAAA`)
    expect(forged).not.toBe(cookie)
    expect(await getSession(new Request('http://localhost:3000/account', { headers: { cookie: forged } }), { verify }), 'forged').toBeNull()
    expect(await getSession(new Request('http://localhost:3000/account'), { verify })).toBeNull()

    // the browser's own cookie is gone after the sign-out; a copy taken before it still reads as the
    // session: Auth.js's Credentials sign-in needs its JWT strategy, a stateless encrypted cookie that
    // sign-out deletes and does not revoke (pinned; docs/server.md says so)
    await client.signOut()
    expect(page.jar.has('authjs.session-token')).toBe(false)
    expect((await getSession(new Request('http://localhost:3000/account', { headers: { cookie } }), { verify }))?.user?.email).toBe(email)
  })

  it('rejects (rather than signing anyone out) when the auth server cannot be reached', async () => {
    const verify = confirmWithBackend(authJs({ url: 'http://127.0.0.1:9/api/auth' }), { timeout: 2000 })
    await expect(getSession(new Request('http://localhost:3000/account', { headers: { cookie: 'authjs.session-token=x' } }), { verify })).rejects.toMatchObject({ code: expect.stringMatching(/network_error|timeout/) })
  })
})

describe('confirmWithBackend: an opaque token, read with its server', () => {
  it("trusts better-auth's bearer session in keyward's cookie while the server holds it, and not after the sign-out", async () => {
    const url = `${inject('betterAuthUrl')}/api/auth`
    const client = createAuthClient({ backend: betterAuth({ url }), fetch: pageFetch, storage: memoryStorage(), sync: false, locks: null })
    const email = uniqueEmail('confirm-opaque')
    await client.signUp({ email, password: BETTER_AUTH_PASSWORD })
    const stored = client.getSnapshot().session!
    expect(stored.accessToken).toBeTruthy()
    // the server checks the Origin of a request, as deployed; the app's server sends its page's
    const verify = confirmWithBackend(betterAuth({ url }), { fetch: pageFetch })
    const cookie = `${SESSION_COOKIE}=${encodeURIComponent(JSON.stringify(stored))}`
    expect((await getSession(new Request('http://localhost:3000/account', { headers: { cookie } }), { verify }))?.user?.email).toBe(email)
    const forged = `${SESSION_COOKIE}=${encodeURIComponent(JSON.stringify({ ...stored, accessToken: `${stored.accessToken}x` }))}`
    expect(await getSession(new Request('http://localhost:3000/account', { headers: { cookie: forged } }), { verify })).toBeNull()
    await client.signOut()
    expect(await getSession(new Request('http://localhost:3000/account', { headers: { cookie } }), { verify })).toBeNull()
  })
})
