import { describe, expect, it } from 'vitest'
import { authJs } from '../../src/backends/authjs/index.ts'
import { AuthError, capabilitiesOf, createAuthClient, memoryStorage, type BackendContext, type SignUpInput, type TokenStorage } from '../../src/index.ts'
import { handleAuthRedirect, oauthProviderUrl, sendMagicLink } from '../../src/core/index.ts'
import { authJsUrl, browser, magicLink, PASSWORD, register, uniqueEmail } from '../support/authjs.ts'

// The Auth.js adapter against a real Auth.js (@auth/core 0.41, servers/authjs; test/servers/global-setup.ts):
// Credentials, an e-mail provider, Passkey and the run's OpenID Connect provider, JWT sessions.

/** The app's own sign-up, as an app writes it for its route (Auth.js has none). */
async function signUpRoute(input: SignUpInput, ctx: BackendContext): Promise<void> {
  const response = await ctx.fetch(`${authJsUrl}/api/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: input.email, password: input.password }) })
  if (response.status === 409) throw new AuthError('email-already-in-use', 'taken', { status: 409 })
  if (!response.ok) throw new Error(`the sign-up route answered ${response.status}`)
}

const options = { url: `${authJsUrl}/api/auth`, email: 'email', oauthProviders: ['oidc'], passkey: true, signUp: signUpRoute }

function setup(page = browser(), storage: TokenStorage = memoryStorage()) {
  const backend = authJs(options)
  const client = createAuthClient({ backend, fetch: page.fetch, storage, sync: false, locks: null, allowedRedirects: [authJsUrl] })
  return { backend, client, page, storage }
}

async function signedUp(name: string) {
  const env = setup()
  const email = uniqueEmail(name)
  await env.client.signUp({ email, password: PASSWORD })
  return { ...env, email }
}

describe('authJs(): what it offers', () => {
  it('offers what the configuration names, and nothing Auth.js cannot do', () => {
    expect(capabilitiesOf(authJs(options))).toMatchObject({
      passwordSignIn: true,
      signUp: true,
      magicLink: true,
      oauth: true,
      passkeys: true,
      refresh: false,
      signOutEverywhere: false,
      signOutOthers: false,
      emailVerification: false,
      mfaTotp: false,
      passwordReset: false,
      changePassword: false,
      sessions: false,
      passkeyManagement: false,
    })
    // Credentials alone by default; no sign-up without the app's route
    expect(capabilitiesOf(authJs())).toMatchObject({ passwordSignIn: true, signUp: false, magicLink: false, oauth: false, passkeys: false })
    expect(capabilitiesOf(authJs({ credentials: false, email: 'resend', signUp: signUpRoute }))).toMatchObject({ passwordSignIn: false, signUp: false, magicLink: true })
    expect(authJs().traits.transport).toBe('cookie')
  })
})

describe('the session cookie', () => {
  it('signs up through the app’s route, then in: the user from the session, no token in JavaScript or storage', async () => {
    const storage = memoryStorage()
    const env = setup(browser(), storage)
    const email = uniqueEmail('authjs-signup')
    await env.client.signUp({ email, password: PASSWORD })
    const { session, user, status } = env.client.getSnapshot()
    expect(status).toBe('signedIn')
    expect(session).toMatchObject({ accessToken: null, refreshToken: null, accessTokenExpiresAt: null })
    // the id is the session callback's `token.sub`
    expect(user).toMatchObject({ email, emailVerified: false })
    expect(user?.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(env.page.jar.has('authjs.session-token')).toBe(true)
    expect(JSON.stringify(await storage.get())).not.toMatch(/eyJ|session-token/)
    expect(env.page.requests).toEqual(['POST /api/register', 'GET /api/auth/csrf', 'POST /api/auth/callback/credentials', 'GET /api/auth/session'])
  })

  it('restores the session on page load with one GET /session, with nothing in storage', async () => {
    const { page, email } = await signedUp('authjs-restore')
    const reload = setup(page)
    const before = page.requests.length
    reload.client.start()
    const snapshot = await reload.client.ready()
    expect(snapshot).toMatchObject({ status: 'signedIn', user: { email } })
    expect(page.requests.slice(before)).toEqual(['GET /api/auth/session'])
  })

  it('finds nobody where the cookie is forged or gone', async () => {
    const page = browser()
    page.jar.set('authjs.session-token', 'not-a-jwe')
    const env = setup(page)
    env.client.start()
    expect((await env.client.ready()).status).toBe('signedOut')
  })

  it('signs out with POST /signout: the cookie is cleared and the next page load finds nobody', async () => {
    const { client, page } = await signedUp('authjs-signout')
    await client.signOut()
    expect(page.requests.at(-1)).toBe('POST /api/auth/signout')
    expect(page.jar.has('authjs.session-token')).toBe(false)
    const reload = setup(page)
    reload.client.start()
    expect((await reload.client.ready()).status).toBe('signedOut')
  })

  it('says a wrong password and a taken address with their codes, and stays signed out', async () => {
    const { email } = await signedUp('authjs-refused')
    const env = setup()
    env.client.start()
    await env.client.ready()
    await expect(env.client.signInWithPassword({ email, password: 'not the password' })).rejects.toMatchObject({ code: 'invalid-email-password', serverCode: 'CredentialsSignin' })
    await expect(env.client.signUp({ email, password: PASSWORD })).rejects.toMatchObject({ code: 'email-already-in-use' })
    expect(env.client.getSnapshot().status).toBe('signedOut')
    await env.client.signInWithPassword({ email, password: PASSWORD })
    expect(env.client.getSnapshot().user?.email).toBe(email)
  })
})

describe('the CSRF token', () => {
  it('is fetched once per page, and again (with one retry) when Auth.js no longer matches it to its cookie', async () => {
    const email = uniqueEmail('authjs-csrf')
    await register(email)
    const env = setup()
    await env.client.signInWithPassword({ email, password: PASSWORD })
    await env.client.signOut()
    await env.client.signInWithPassword({ email, password: PASSWORD })
    expect(env.page.requests.filter((r) => r === 'GET /api/auth/csrf')).toHaveLength(1)
    // the CSRF cookie expires (it lasts the browser session): the POST is refused, the token fetched again
    await env.client.signOut()
    env.page.jar.delete('authjs.csrf-token')
    const before = env.page.requests.length
    await env.client.signInWithPassword({ email, password: PASSWORD })
    expect(env.page.requests.slice(before)).toEqual(['POST /api/auth/callback/credentials', 'GET /api/auth/csrf', 'POST /api/auth/callback/credentials', 'GET /api/auth/session'])
    expect(env.client.getSnapshot().status).toBe('signedIn')
  })
})

describe('links and providers', () => {
  it('signs in by magic link: Auth.js sets its cookie and returns to the marked page, which reads that session', async () => {
    const email = uniqueEmail('authjs-magic')
    const env = setup()
    await sendMagicLink(env.client, { email, redirectTo: `${authJsUrl}/welcome?tab=1` })
    const link = await magicLink(email)
    // the link carries its token to Auth.js, never to the app's page
    const hop = await env.page.fetch(link, { redirect: 'manual' })
    const landed = new URL(hop.headers.get('location')!)
    expect(landed.pathname).toBe('/welcome')
    expect(landed.searchParams.get('tab')).toBe('1')
    expect(landed.search).not.toMatch(/token/)
    expect(await handleAuthRedirect(env.client, landed)).toMatchObject({ kind: 'signedIn', purpose: 'sign-in' })
    expect(env.client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
    // the spent link: Auth.js sends the browser to its own error page, not to the app
    const again = new URL((await env.page.fetch(link, { redirect: 'manual' })).headers.get('location')!)
    expect(again.pathname).toBe('/api/auth/error')
    expect(again.searchParams.get('error')).toBe('Verification')
  })

  it('refuses a magic link to a page outside the allowlist before anything is sent', async () => {
    const env = setup()
    await expect(sendMagicLink(env.client, { email: uniqueEmail('authjs-evil'), redirectTo: 'https://evil.example/' })).rejects.toMatchObject({ code: 'redirectTo-not-allowed' })
    expect(env.page.requests).toEqual([])
  })

  it('answers the OAuth provider’s page, with PKCE and state, their cookies kept by Auth.js', async () => {
    const env = setup()
    const url = new URL(await oauthProviderUrl(env.client, 'oidc', { redirectTo: `${authJsUrl}/` }))
    expect(url.pathname).toBe('/auth')
    expect(url.searchParams.get('client_id')).toBe('keyward-test')
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('redirect_uri')).toBe(`${authJsUrl}/api/auth/callback/oidc`)
    expect([...env.page.jar.keys()]).toEqual(expect.arrayContaining(['authjs.pkce.code_verifier', 'authjs.state']))
    // an id the server has no provider for
    await expect(oauthProviderUrl(env.client, 'github')).rejects.toMatchObject({ code: 'misconfigured' })
  })
})

describe('faults', () => {
  it('a reply that is not Auth.js’s (a proxy’s page) is invalid_response, and nobody is signed in', async () => {
    const page = browser()
    const broken: typeof fetch = async (input, init) => (String(input).includes('/callback/') ? new Response('<html>gateway</html>', { status: 200 }) : page.fetch(input, init))
    const client = createAuthClient({ backend: authJs(options), fetch: broken, storage: memoryStorage(), sync: false, locks: null })
    client.start()
    await client.ready()
    await expect(client.signInWithPassword({ email: uniqueEmail('authjs-garbage'), password: PASSWORD })).rejects.toMatchObject({ code: 'invalid_response' })
    expect(client.getSnapshot().status).toBe('signedOut')
  })

  it('a session whose user has an empty id is told apart by its address; one with neither is invalid_response', async () => {
    const session = (user: object): typeof fetch => async (input) =>
      String(input).endsWith('/session') ? Response.json({ user, expires: new Date(Date.now() + 3_600_000).toISOString() }) : new Response('{}', { status: 404 })
    const restored = await authJs(options).session.restore!({ fetch: session({ id: '', email: 'ada@example.com' }), timeout: 15_000, now: Date.now })
    expect(restored?.user).toMatchObject({ id: 'ada@example.com', email: 'ada@example.com' })
    await expect(authJs(options).session.restore!({ fetch: session({ id: '', email: '' }), timeout: 15_000, now: Date.now })).rejects.toMatchObject({ code: 'invalid_response' })
  })

  it('a dropped connection is network_error, and the password is in no error', async () => {
    const dropped: typeof fetch = async () => {
      throw new TypeError('Failed to fetch')
    }
    const client = createAuthClient({ backend: authJs(options), fetch: dropped, storage: memoryStorage(), sync: false, locks: null })
    const error = await client.signInWithPassword({ email: uniqueEmail('authjs-drop'), password: 'a secret passphrase' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'network_error' })
    expect(JSON.stringify(error) + String(error) + String((error as Error).stack)).not.toContain('a secret passphrase')
  })
})
