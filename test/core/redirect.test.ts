import { describe, expect, it } from 'vitest'
import { AuthError, createAuthClient } from '../../src/index.ts'
import { isAllowedUrl } from '../../src/core/redirect.ts'
import { testBackend } from '../support/backend.tsx'

describe('the redirect allowlist', () => {
  const allowed = ['http://localhost:*', 'https://*.example.com', 'https://app.test/in', 'https://shop.test:8443/a*/done']

  it.for([
    ['http://localhost:5173/verified', true],
    ['http://localhost/verified', true],
    ['HTTP://LOCALHOST:5173/x', true],
    ['https://eu.example.com/', true],
    ['https://app.test/in', true],
    ['https://app.test/in/deeper?x=1#y', true],
    ['https://shop.test:8443/abc/done', true],
    ['https://shop.test:8443/a/done/next', true],
    // a wildcard never spans the authority: userinfo is refused, whatever it holds
    ['http://localhost:5173@evil.example/', false],
    ['http://localhost@evil.example/', false],
    ['http://user:pass@localhost:5173/', false],
    ['https://evil.test#.example.com', false],
    ['https://evil.test/.example.com', false],
    ['https://a.b.example.com/', false],
    ['https://example.com.evil.test/', false],
    ['https://evilexample.com/', false],
    // paths: below the entry at a "/", and a wildcard stays inside one segment
    ['https://app.test/inbox', false],
    ['https://app.test/', false],
    ['https://shop.test:8443/a/b/done', false],
    ['https://shop.test:8443/a%2Fb/done', false],
    ['https://shop.test:8443/a%2fb/done', false],
    ['https://shop.test:8443/a%5Cb/done', false],
    ['https://shop.test/abc/done', false],
    // other schemes and ports
    ['http://app.test/in', false],
    ['javascript:alert(1)//http://localhost:5173', false],
    ['data:text/html,hi', false],
    ['https://app.test:444/in', false],
    ['not a url', false],
  ] as const)('%s → %s', ([url, expected]) => {
    expect(isAllowedUrl(url, allowed)).toBe(expected)
  })

  it('treats the default port as no port, and IDN hosts in their punycode form', () => {
    expect(isAllowedUrl('https://app.test:443/in', ['https://app.test/in'])).toBe(true)
    expect(isAllowedUrl('https://app.test/in', ['https://app.test:443/in'])).toBe(true)
    expect(isAllowedUrl('https://bücher.example/x', ['https://bücher.example'])).toBe(true)
    expect(isAllowedUrl('https://xn--bcher-kva.example/x', ['https://bücher.example'])).toBe(true)
  })

  it('ignores entries that are not scheme://host[:port][/path]', () => {
    expect(isAllowedUrl('https://app.test/', ['*', 'app.test', 'https://*', 'https://user@app.test'])).toBe(false)
  })

  it('refuses values that are not URLs as invalid_input, others off the list as redirectTo-not-allowed', async () => {
    const { server, backend } = testBackend()
    const client = createAuthClient({ backend, fetch: server.fetch, sync: false, locks: null, allowedRedirects: allowed })
    for (const value of [null, 42, {}, [], '', '   ']) {
      await expect(client.checkRedirect(value)).rejects.toMatchObject({ code: 'invalid_input' })
    }
    await expect(client.checkRedirect('https://evil.test/')).rejects.toBeInstanceOf(AuthError)
    await expect(client.checkRedirect('https://evil.test/')).rejects.toMatchObject({ code: 'redirectTo-not-allowed' })
    expect(await client.checkRedirect(undefined)).toBeUndefined()
    expect(await client.checkRedirect('https://app.test/in/x')).toBe('https://app.test/in/x')
  })
})

describe('sign-up and the allowlist', () => {
  it('refuses a redirectTo off the allowlist before any request', async () => {
    const { server, backend } = testBackend()
    const client = createAuthClient({ backend, fetch: server.fetch, sync: false, locks: null, allowedRedirects: ['http://localhost:3000'] })
    for (const redirectTo of ['javascript:alert(1)', 'https://evil.test/', 'http://localhost:3000@evil.test/']) {
      await expect(client.signUp({ email: 'a@example.com', password: 'correct horse', redirectTo })).rejects.toMatchObject({ code: 'redirectTo-not-allowed' })
    }
    expect(server.requests).toEqual([])
  })

  it('sends an allowed redirectTo, made absolute', async () => {
    const { server, backend } = testBackend()
    const client = createAuthClient({ backend, fetch: server.fetch, sync: false, locks: null, allowedRedirects: ['http://localhost:3000'] })
    await client.signUp({ email: 'a@example.com', password: 'correct horse', redirectTo: 'http://localhost:3000/welcome' })
    expect(server.requests.map((r) => r.path)).toEqual(['/signup/email-password'])
  })
})

describe('the reference backend uses the same matcher', () => {
  it('refuses a magic link to a userinfo URL that a wildcard entry would once have matched', async () => {
    const { server, ctx, backend } = testBackend({ allowedRedirectUrls: ['http://localhost:*'] })
    await expect(
      backend.passwordless!.magicLink!({ email: 'a@example.com', redirectTo: 'http://localhost:5173@evil.example/' }, ctx),
    ).rejects.toMatchObject({ code: 'redirectTo-not-allowed' })
    expect(server.outbox).toEqual([])
  })
})
