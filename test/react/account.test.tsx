// @vitest-environment jsdom
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  useAnonymous,
  useChangeEmail,
  useChangePassword,
  useEmailVerification,
  useOAuth,
  usePasswordReset,
  usePersonalAccessTokens,
  useSession,
  useUser,
} from '../../src/index.ts'
import { APP, AUTH_URL, alice, testBackend } from '../support/backend.tsx'
import { follow, rejects, renderAuth, run } from '../support/hooks.tsx'

afterEach(cleanup)
beforeEach(() => window.history.replaceState(null, '', '/'))

/** Puts the browser on `url` (same origin), as arriving from a redirect would. */
const land = (url: string) => window.history.replaceState(null, '', url)

describe('usePasswordReset', () => {
  it('e-mails a link that asks for the new password first, then signs the user in with it', async () => {
    const { server, client, wrapper, contract } = testBackend()
    await server.admin.createUser(alice)
    const { result } = renderAuth(() => ({ reset: usePasswordReset(), status: useSession((s) => s.status) }), wrapper)
    await run(() => result.current.reset.request.mutateAsync({ email: alice.email, redirectTo: `${APP}/reset` }))
    const mail = server.lastMessage(alice.email, 'password-reset')

    land(await follow(server, mail.link!))
    expect(window.location.search).toContain('refreshToken=')
    const landed = await run(() => result.current.reset.handleRedirect.mutateAsync())
    expect(landed).toEqual({ kind: 'new-password', purpose: 'reset-password', email: alice.email })
    expect(window.location.href).toBe(`${APP}/reset`) // the token is gone from the address bar
    // nobody is signed in until the new password is set: the signed-out forms ask for it
    expect(result.current.status).toBe('signedOut')

    await run(() => result.current.reset.complete.mutateAsync({ newPassword: 'my new password' }))
    expect(result.current.status).toBe('signedIn')
    await client.signOut()
    await rejects(() => client.signInWithPassword(alice), 'invalid-email-password')
    await run(() => client.signInWithPassword({ email: alice.email, password: 'my new password' }))
    expect(contract!.operations).toEqual(expect.arrayContaining(['sendPasswordResetEmail', 'verifyTicket', 'changeUserPassword']))
  })

  it('completes with a ticket from a custom link, once, and not after it expired', async () => {
    const { server, client, clock, wrapper } = testBackend()
    await server.admin.createUser(alice)
    const { result } = renderAuth(() => usePasswordReset(), wrapper)
    await run(() => result.current.request.mutateAsync({ email: alice.email }))
    const { ticket } = server.lastMessage(alice.email, 'password-reset')

    land(`/reset?ticket=${encodeURIComponent(ticket!)}`)
    const landed = await run(() => result.current.handleRedirect.mutateAsync())
    expect(landed).toEqual({ kind: 'new-password', purpose: 'reset-password', email: null })
    // the ticket stayed with the client: the new password is all the form sends
    await run(() => result.current.complete.mutateAsync({ newPassword: 'my new password' }))
    await rejects(() => result.current.complete.mutateAsync({ ticket: ticket!, newPassword: 'another password' }), 'invalid-ticket')
    await run(() => client.signInWithPassword({ email: alice.email, password: 'my new password' }))

    await run(() => result.current.request.mutateAsync({ email: alice.email }))
    clock.advance(2 * 3600_000)
    const stale = server.lastMessage(alice.email, 'password-reset').ticket!
    await rejects(() => result.current.complete.mutateAsync({ ticket: stale, newPassword: 'too late password' }), 'invalid-ticket')
  })

  it('refuses a redirectTo outside the allowlist before any request', async () => {
    const { server, wrapper } = testBackend()
    const { result } = renderAuth(() => usePasswordReset(), wrapper)
    const before = server.requests.length
    await rejects(() => result.current.request.mutateAsync({ email: alice.email, redirectTo: 'https://evil.test/reset' }), 'redirectTo-not-allowed')
    await rejects(() => result.current.request.mutateAsync({ email: alice.email, redirectTo: 'http://localhost:3000.evil.test/' }), 'redirectTo-not-allowed')
    expect(server.requests.length).toBe(before)
  })
})

describe('useEmailVerification', () => {
  it('handles the /verify redirect: signs in, cleans the URL; a used link gives invalid-ticket', async () => {
    const { server, client, wrapper } = testBackend({ requireEmailVerification: true })
    await client.signUp({ ...alice, redirectTo: `${APP}/welcome` })
    const { result } = renderAuth(() => ({ verify: useEmailVerification(), user: useUser() }), wrapper)
    const link = server.lastMessage(alice.email, 'email-verification').link!

    land(await follow(server, link))
    await run(() => result.current.verify.handleRedirect.mutateAsync())
    expect(result.current.user).toMatchObject({ email: alice.email, emailVerified: true })
    expect(window.location.href).toBe(`${APP}/welcome`)

    land(await follow(server, link))
    expect(window.location.search).toContain('error=invalid-ticket')
    await rejects(() => result.current.verify.handleRedirect.mutateAsync(), 'invalid-ticket')
    expect(window.location.search).toBe('')
  })

  it('resends the link, and says nothing for a URL without auth parameters', async () => {
    const { server, client, wrapper, contract } = testBackend({ requireEmailVerification: true })
    await client.signUp(alice)
    const { result } = renderAuth(() => useEmailVerification(), wrapper)
    await run(() => result.current.send.mutateAsync({ email: alice.email, redirectTo: `${APP}/again` }))
    expect(server.outbox.filter((m) => m.kind === 'email-verification')).toHaveLength(2)
    land('/plain?page=2')
    expect(await run(() => result.current.handleRedirect.mutateAsync())).toBeNull()
    expect(window.location.search).toBe('?page=2')
    expect(contract!.operations).toEqual(expect.arrayContaining(['sendVerificationEmail']))
  })
})

describe('useChangePassword and useChangeEmail', () => {
  it('changes the password of the signed-in user', async () => {
    const { server, client, wrapper } = testBackend()
    await server.admin.createUser(alice)
    await client.signInWithPassword(alice)
    const { result } = renderAuth(() => useChangePassword().changePassword, wrapper)
    await rejects(() => result.current.mutateAsync({ newPassword: 'short' }), 'password-too-short')
    await run(() => result.current.mutateAsync({ newPassword: 'a much better password' }))
    await client.signOut()
    await run(() => client.signInWithPassword({ email: alice.email, password: 'a much better password' }))
  })

  it('changes the e-mail once the link sent to the new address is followed', async () => {
    const { server, client, wrapper, contract } = testBackend()
    await server.admin.createUser(alice)
    await server.admin.createUser({ email: 'taken@example.com', password: alice.password })
    await client.signInWithPassword(alice)
    const { result } = renderAuth(() => ({ change: useChangeEmail().changeEmail, verify: useEmailVerification(), user: useUser() }), wrapper)
    await rejects(() => result.current.change.mutateAsync({ newEmail: 'taken@example.com' }), 'email-already-in-use')
    await run(() => result.current.change.mutateAsync({ newEmail: 'alice@new.example' }))
    expect(result.current.user?.email).toBe(alice.email)
    land(await follow(server, server.lastMessage('alice@new.example', 'email-change').link!))
    await run(() => result.current.verify.handleRedirect.mutateAsync())
    expect(result.current.user?.email).toBe('alice@new.example')
    expect(contract!.operations).toEqual(expect.arrayContaining(['changeUserEmail', 'verifyTicket']))
  })
})

describe('useAnonymous', () => {
  it('signs in a guest and turns it into a regular account', async () => {
    const { client, wrapper, contract } = testBackend()
    const { result } = renderAuth(() => ({ anonymous: useAnonymous(), user: useUser() }), wrapper)
    await run(() => result.current.anonymous.signIn.mutateAsync({ displayName: 'Guest' }))
    expect(result.current.anonymous.isAnonymous).toBe(true)
    expect(result.current.user).toMatchObject({ displayName: 'Guest', email: null, raw: { roles: ['anonymous'] } })

    await run(() => result.current.anonymous.deanonymize.mutateAsync(alice))
    expect(result.current.anonymous.isAnonymous).toBe(false)
    expect(result.current.user).toMatchObject({ email: alice.email, raw: { roles: ['user', 'me'] } })
    await rejects(() => result.current.anonymous.deanonymize.mutateAsync({ ...alice, email: 'b@example.com' }), 'user-not-anonymous')
    await client.signOut()
    await run(() => client.signInWithPassword(alice))
    expect(contract!.operations).toEqual(expect.arrayContaining(['signInAnonymous', 'deanonymizeUser']))
  })
})

describe('usePersonalAccessTokens', () => {
  it('creates a token and signs in with it until it expires', async () => {
    const { server, client, clock, wrapper, contract } = testBackend()
    await server.admin.createUser(alice)
    await client.signInWithPassword(alice)
    const { result } = renderAuth(() => ({ pat: usePersonalAccessTokens(), user: useUser() }), wrapper)
    const created = await run(() => result.current.pat.create.mutateAsync({ expiresAt: new Date(clock.now() + 3600_000), metadata: { name: 'cli' } }))
    expect(created.personalAccessToken).toMatch(/^[0-9a-f-]{36}$/)
    await client.signOut()
    await run(() => result.current.pat.signIn.mutateAsync(created.personalAccessToken))
    expect(result.current.user?.email).toBe(alice.email)
    clock.advance(2 * 3600_000)
    await rejects(() => result.current.pat.signIn.mutateAsync(created.personalAccessToken), 'invalid-pat')
    expect(contract!.operations).toEqual(expect.arrayContaining(['createPAT', 'signInPAT']))
  })
})

describe('useOAuth', () => {
  it('builds the provider URL, and the callback redirect signs the user in', async () => {
    const { server, wrapper, contract } = testBackend()
    const { result } = renderAuth(() => ({ oauth: useOAuth(), user: useUser() }), wrapper)
    const url = await result.current.oauth.url('github', { redirectTo: `${APP}/callback` })
    expect(url).toBe(`${AUTH_URL}/signin/provider/github?redirectTo=${encodeURIComponent(`${APP}/callback`)}`)

    const consent = await follow(server, url) // the provider
    land(await follow(server, consent)) // its callback, back to the app
    expect(window.location.pathname).toBe('/callback')
    await run(() => result.current.oauth.handleCallback.mutateAsync())
    expect(result.current.user?.email).toBe('github-user@example.com')
    expect(window.location.search).toBe('')
    expect(contract!.operations).toEqual(expect.arrayContaining(['signInProvider']))
  })

  it('links a provider to the signed-in user with a fresh access token', async () => {
    const { server, client, wrapper } = testBackend()
    await server.admin.createUser(alice)
    await client.signInWithPassword(alice)
    const { result } = renderAuth(() => ({ oauth: useOAuth(), user: useUser() }), wrapper)
    const url = new URL(await result.current.oauth.url('google', { link: true }))
    expect(url.searchParams.get('connect')).toBe(client.getSnapshot().session?.accessToken)
    land(await follow(server, await follow(server, url.toString())))
    await run(() => result.current.oauth.handleCallback.mutateAsync())
    expect(result.current.user?.email).toBe(alice.email)
  })

  it('refuses a redirectTo outside the allowlist before building anything', async () => {
    const { wrapper } = testBackend()
    const { result } = renderAuth(() => useOAuth(), wrapper)
    await expect(result.current.url('github', { redirectTo: 'https://evil.test/cb' })).rejects.toMatchObject({ code: 'redirectTo-not-allowed' })
  })

})

describe('redirect handling under StrictMode', () => {
  it('exchanges a redirect refresh token once, however often it is handled', async () => {
    const { server, client, wrapper } = testBackend({ requireEmailVerification: true })
    await client.signUp({ ...alice, redirectTo: `${APP}/welcome` })
    land(await follow(server, server.lastMessage(alice.email, 'email-verification').link!))
    const { result } = renderAuth(() => ({ a: useEmailVerification(), b: useEmailVerification(), user: useUser() }), wrapper)
    await run(() => Promise.all([result.current.a.handleRedirect.mutateAsync(), result.current.b.handleRedirect.mutateAsync()]))
    expect(result.current.user?.emailVerified).toBe(true)
    expect(server.count('/token')).toBe(1)
    expect(server.admin.activeRefreshTokens(alice.email)).toBe(1)
  })
})

describe('password reset for a user with a passkey', () => {
  it('lets the reset link change the password without a passkey prompt', async () => {
    const { server, client, wrapper } = testBackend()
    await server.admin.createUser(alice)
    const { installSoftwareAuthenticator } = await import('../../src/testing/index.ts')
    const authenticator = installSoftwareAuthenticator()
    try {
      await client.signInWithPassword(alice)
      const { addPasskey } = await import('../../src/core/flows/passkey.ts')
      await addPasskey(client)
      await client.signOut()
      const signCount = authenticator.credentials[0]!.signCount
      const { result } = renderAuth(() => usePasswordReset(), wrapper)
      await run(() => result.current.request.mutateAsync({ email: alice.email }))
      land(await follow(server, server.lastMessage(alice.email, 'password-reset').link!))
      await run(() => result.current.handleRedirect.mutateAsync())
      await run(() => result.current.complete.mutateAsync({ newPassword: 'reset without a passkey' }))
      expect(authenticator.credentials[0]!.signCount).toBe(signCount) // no passkey prompt
      await client.signOut()
      await run(() => client.signInWithPassword({ email: alice.email, password: 'reset without a passkey' }))
    } finally {
      authenticator.uninstall()
    }
  })
})

describe('redirect handling after a network failure', () => {
  it('lets the same link be handled again once the network is back', async () => {
    const { server, client, wrapper } = testBackend({ requireEmailVerification: true })
    await client.signUp({ ...alice, redirectTo: `${APP}/welcome` })
    const landing = await follow(server, server.lastMessage(alice.email, 'email-verification').link!)
    land(landing)
    server.inject({ path: '/token', fault: { kind: 'network' } })
    const { result } = renderAuth(() => ({ verify: useEmailVerification(), user: useUser() }), wrapper)
    await rejects(() => result.current.verify.handleRedirect.mutateAsync(landing), 'network_error')
    await run(() => result.current.verify.handleRedirect.mutateAsync(landing))
    expect(result.current.user?.emailVerified).toBe(true)
  })

  it.for([
    ['a spent token', 'spent'],
    ['a server error', 'status'],
    ['a dropped connection', 'network'],
  ] as const)('takes the token out of the address bar after %s too', async ([, failure]) => {
    const { server, client, wrapper } = testBackend({ requireEmailVerification: true, refreshTokenReuseInterval: 0 })
    await client.signUp({ ...alice, redirectTo: `${APP}/welcome` })
    const landing = await follow(server, server.lastMessage(alice.email, 'email-verification').link!)
    expect(landing).toContain('refreshToken=')
    if (failure === 'spent') {
      const token = new URL(landing).searchParams.get('refreshToken')!
      await server.fetch(`${AUTH_URL}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: token }) })
    } else if (failure === 'status') {
      server.inject({ path: '/token', fault: { kind: 'status', status: 502, body: '<html>bad gateway</html>' } })
    } else {
      server.inject({ path: '/token', fault: { kind: 'network' } })
    }
    land(`${landing}#section`)
    const { result } = renderAuth(() => ({ verify: useEmailVerification() }), wrapper)
    const error = await run(() => result.current.verify.handleRedirect.mutateAsync()).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'AuthError' })
    expect(window.location.href).toBe(`${APP}/welcome#section`)
  })
})
