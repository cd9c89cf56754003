import { describe, expect, it } from 'vitest'
import { oidc } from '../../src/backends/oidc/index.ts'
import { capabilitiesOf, createAuthClient, memoryStorage, type Session } from '../../src/index.ts'
import { handleAuthRedirect, signInWithRedirect } from '../../src/core/index.ts'
import { CALLBACK, CLIENT_ID, oidcIssuer, PAGE, providerBrowser } from '../support/oidc.ts'

// The OpenID Connect adapter against a real provider (oidc-provider 9, servers/oidc-provider): the
// redirect sign-in with PKCE, the ID token checked, refresh with rotation, userinfo, revocation and
// RP-initiated logout.

const backend = () => oidc({ issuer: oidcIssuer, clientId: CLIENT_ID, postLogoutRedirectUri: `${PAGE}/` })
const client = () => createAuthClient({ backend: backend(), storage: memoryStorage(), sync: false, locks: null, allowedRedirects: [PAGE] })

/** A whole redirect sign-in: the URL the client sends the browser to, the provider's pages, the callback. */
async function signIn(login: string) {
  const c = client()
  c.start()
  await c.ready()
  const started = await signInWithRedirect(c, { redirectTo: CALLBACK })
  expect(started.kind).toBe('redirect')
  const browser = providerBrowser()
  const callback = await browser.follow((started as { url: string }).url, login)
  const landed = await handleAuthRedirect(c, callback)
  return { client: c, browser, callback, landed }
}

describe('oidc()', () => {
  it('offers the redirect sign-in, refresh and sign-out, and nothing it cannot do', () => {
    expect(capabilitiesOf(backend())).toMatchObject({ redirectSignIn: true, refresh: true, passwordSignIn: false, signUp: false, mfaTotp: false, passkeys: false })
    expect(backend().traits.displayName).toBe(new URL(oidcIssuer).host)
  })

  it('sends the browser to the provider with PKCE (S256), state, nonce and the scopes', async () => {
    const c = client()
    const started = await signInWithRedirect(c, { redirectTo: CALLBACK })
    const url = new URL((started as { url: string }).url)
    expect(url.origin + url.pathname).toBe(`${oidcIssuer}/auth`)
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: CALLBACK, code_challenge_method: 'S256', scope: 'openid profile email offline_access', prompt: 'consent' })
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/)
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{22}$/)
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{22}$/)
    // the verifier never leaves the page
    expect(url.toString()).not.toContain('verifier')
    await expect(signInWithRedirect(c, { redirectTo: 'https://evil.example/callback' })).rejects.toMatchObject({ code: 'redirectTo-not-allowed' })
  })

  it('asks for a new account with prompt=create only where the provider announces it', async () => {
    // oidc-provider 9 as configured announces no prompt values: a sign-up goes to the sign-in page
    const plain = await signInWithRedirect(client(), { redirectTo: CALLBACK, signUp: true })
    expect(new URL(plain.url).searchParams.get('prompt')).toBe('consent')
    // the same provider whose discovery lists `create` (Initiating User Registration via OpenID Connect)
    const announcing: typeof fetch = async (input, init) => {
      const reply = await fetch(input, init)
      if (!String(input instanceof Request ? input.url : input).endsWith('/.well-known/openid-configuration')) return reply
      return Response.json({ ...((await reply.json()) as object), prompt_values_supported: ['none', 'login', 'consent', 'create'] })
    }
    const c = createAuthClient({ backend: backend(), storage: memoryStorage(), sync: false, locks: null, allowedRedirects: [PAGE], fetch: announcing })
    const signUp = await signInWithRedirect(c, { redirectTo: CALLBACK, signUp: true })
    expect(new URL(signUp.url).searchParams.get('prompt')).toBe('consent create')
    const signIn = await signInWithRedirect(c, { redirectTo: CALLBACK })
    expect(new URL(signIn.url).searchParams.get('prompt')).toBe('consent')
  })

  it('finishes on the callback: code exchanged with the verifier, the ID token verified, the user from its claims', async () => {
    const { client: c, callback, landed } = await signIn('ada')
    expect(new URL(callback).searchParams.get('iss')).toBe(oidcIssuer)
    expect(landed).toMatchObject({ kind: 'signedIn', purpose: 'sign-in' })
    const session = c.getSnapshot().session as Session
    expect(session.accessToken).toBeTruthy()
    expect(session.refreshToken).toBeTruthy()
    expect(session.idToken).toMatch(/^eyJ/)
    expect(session.accessTokenExpiresAt! - Date.now()).toBeLessThanOrEqual(60_000)
    expect(c.getSnapshot().user).toMatchObject({ id: 'ada', email: 'ada@example.com', emailVerified: true, displayName: 'ada' })
  })

  it('finishes a sign-in once: the same callback again is refused, and a callback this tab did not start too', async () => {
    const { client: c, callback } = await signIn('twice')
    const other = client()
    await expect(handleAuthRedirect(other, callback)).rejects.toMatchObject({ code: 'invalid-ticket' })
    await expect(handleAuthRedirect(c, `${callback}&again=1`)).rejects.toMatchObject({ code: 'invalid-ticket' })
  })

  it('refreshes with rotation: a new refresh token each time, the old one refused', async () => {
    const { client: c } = await signIn('rotate')
    const first = c.getSnapshot().session!
    const second = await c.refresh()
    expect(second?.refreshToken).toBeTruthy()
    expect(second?.refreshToken).not.toBe(first.refreshToken)
    expect(second?.accessToken).not.toBe(first.accessToken)
    expect(second?.idToken).toMatch(/^eyJ/)
    // the rotated-out token: the provider refuses it (and, as it should, its whole family)
    await expect(backend().session.refresh!(first, { fetch, timeout: 5000, now: () => Date.now() })).rejects.toMatchObject({ code: 'invalid-refresh-token', serverCode: 'invalid_grant' })
  })

  it('reads the user from userinfo', async () => {
    const { client: c } = await signIn('info')
    expect(await c.reloadUser()).toMatchObject({ id: 'info', email: 'info@example.com' })
  })

  it('signs out: the refresh token revoked, then the provider’s own sign-out with the ID token as hint', async () => {
    const { client: c, browser } = await signIn('bye')
    const session = c.getSnapshot().session!
    const ended = await backend().session.signOut(session, { fetch, timeout: 5000, now: () => Date.now() })
    const url = new URL((ended as { redirectUrl: string }).redirectUrl)
    expect(url.origin + url.pathname).toBe(`${oidcIssuer}/session/end`)
    expect(url.searchParams.get('id_token_hint')).toBe(session.idToken)
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${PAGE}/`)
    await expect(backend().session.refresh!(session, { fetch, timeout: 5000, now: () => Date.now() })).rejects.toMatchObject({ code: 'invalid-refresh-token' })
    expect(await browser.follow(url.toString(), 'bye')).toBe(`${PAGE}/`)
  })

  it('refuses an ID token it cannot trust: another audience, a changed signature, a wrong nonce', async () => {
    const { client: c } = await signIn('trust')
    const idToken = c.getSnapshot().session!.idToken!
    const { verifyIdToken } = await import('../../src/backends/oidc/tokens.ts')
    const expected = { issuer: oidcIssuer, audience: CLIENT_ID, jwksUri: `${oidcIssuer}/jwks`, nonce: null, fetch }
    await expect(verifyIdToken(idToken, expected)).resolves.toMatchObject({ sub: 'trust' })
    await expect(verifyIdToken(idToken, { ...expected, audience: 'another-client' })).rejects.toMatchObject({ code: 'invalid_response' })
    await expect(verifyIdToken(`${idToken.slice(0, -6)}AAAAAA`, expected)).rejects.toMatchObject({ code: 'invalid_response' })
    await expect(verifyIdToken(idToken, { ...expected, nonce: 'not the nonce' })).rejects.toMatchObject({ code: 'invalid_response' })
    await expect(verifyIdToken(idToken, { ...expected, issuer: 'https://another.example' })).rejects.toMatchObject({ code: 'invalid_response' })
  })

  it('turns a refusal on the provider’s page into an error, and cleans the callback', async () => {
    const c = client()
    await expect(handleAuthRedirect(c, `${CALLBACK}?error=access_denied&error_description=the+user+said+no&state=x`)).rejects.toMatchObject({ code: 'access-denied', serverCode: 'access_denied' })
    await expect(handleAuthRedirect(c, `${CALLBACK}?code=abc&state=x&iss=${encodeURIComponent('https://another.example')}`)).rejects.toMatchObject({ code: 'invalid-ticket' })
  })
})
