// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import { betterAuth } from '../../src/backends/better-auth/index.ts'
import { type AuthClient, createAuthClient, localStorageStorage } from '../../src/index.ts'
import { alice, AUTH_URL, testBackend } from '../support/backend.tsx'
import { cookieJar, PAGE, pageFetch } from '../support/better-auth.ts'
import { follow } from '../support/hooks.tsx'
import { askForResetLink, openReadmePage } from './helpers.tsx'

// The links auth servers send into the app, opened as a user opens them: a new page load on the
// page the e-mail names, with the drop-in forms mounted as the README recommends.

afterEach(() => {
  cleanup()
  localStorage.clear()
})
beforeEach(() => window.history.replaceState(null, '', '/'))

/** A new load of the page at `url`: the old page is gone, a new client reads what storage kept. */
function openPage(url: string, makeClient: () => AuthClient) {
  return openReadmePage(url, makeClient())
}

describe('links on Nhost (the reference backend), <SignedOut><AuthFlow /></SignedOut>', () => {
  it('a reset link asks for the new password before anyone is signed in, then signs in with it', async () => {
    const env = testBackend()
    await env.server.admin.createUser(alice)
    const page = () => env.makeClient({ storage: localStorageStorage() })
    openPage('/', page)
    const user = userEvent.setup()
    await askForResetLink(user, alice.email)

    const landing = await follow(env.server, env.server.lastMessage(alice.email, 'password-reset').link!)
    expect(landing).toContain('refreshToken=')
    const client = openPage(landing, page)
    // the token left the address bar before anything was asked of the server
    expect(window.location.search).toBe('')
    expect(await screen.findByLabelText('New password')).toBeTruthy()
    expect(client.getSnapshot().status).toBe('signedOut')
    expect(screen.queryByText(/Signed in as/)).toBeNull()

    await user.type(screen.getByLabelText('New password'), 'a new long password')
    await user.click(screen.getByRole('button', { name: 'Save password' }))
    expect(await screen.findByText(`Signed in as ${alice.email}`)).toBeTruthy()
    await act(() => client.signOut())
    await expect(client.signInWithPassword({ email: alice.email, password: 'a new long password' })).resolves.toMatchObject({ kind: 'session' })
  })

  it('a verification link opened while signed in verifies, keeps the session, and a later sign-out stays', async () => {
    const env = testBackend()
    const page = () => env.makeClient({ storage: localStorageStorage() })
    const first = openPage('/', page)
    await act(() => first.signUp({ ...alice, redirectTo: 'http://localhost:3000/?keyward=verify-email' }))
    expect(first.getSnapshot().user?.emailVerified).toBe(false)
    const session = first.getSnapshot().session!

    const landing = await follow(env.server, env.server.lastMessage(alice.email, 'email-verification').link!)
    const client = openPage(landing, page)
    expect(window.location.search).toBe('')
    await waitFor(() => expect(client.getSnapshot().user?.emailVerified).toBe(true))
    // the same session: the link's own session was ended on the server, not left behind
    expect(client.getSnapshot().session?.refreshToken).toBe(session.refreshToken)
    await waitFor(() => expect(env.server.admin.activeRefreshTokens(alice.email)).toBe(1))

    await act(() => client.signOut())
    // <AuthFlow /> mounts on the sign-out: nothing of the link is left to bring the session back
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy()
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)))
    expect(client.getSnapshot().status).toBe('signedOut')
    expect(env.server.admin.activeRefreshTokens(alice.email)).toBe(0)
  })

  it('a reset link opened while signed in ends that session and asks for the new password', async () => {
    const env = testBackend()
    await env.server.admin.createUser(alice)
    const page = () => env.makeClient({ storage: localStorageStorage() })
    const first = openPage('/', page)
    await act(async () => {
      await first.signInWithPassword(alice)
      await env.server.fetch(`${AUTH_URL}/user/password/reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: alice.email, options: { redirectTo: 'http://localhost:3000/' } }),
      })
    })
    const landing = await follow(env.server, env.server.lastMessage(alice.email, 'password-reset').link!)
    const client = openPage(landing, page)
    expect(await screen.findByLabelText('New password')).toBeTruthy()
    expect(client.getSnapshot().status).toBe('signedOut')
    // the session of before is over on the server; the link's waits for the new password
    await waitFor(() => expect(env.server.admin.activeRefreshTokens(alice.email)).toBe(1))
  })
})

const betterAuthOutbox = async (base: string, to: string, kind: string) => {
  const all = (await (await fetch(`${base}/__outbox`)).json()) as Array<{ to: string; kind: string; link: string }>
  const found = all.filter((m) => m.to === to && m.kind === kind).at(-1)
  if (!found) throw new Error(`no ${kind} e-mail to ${to}`)
  return found
}

/** Opens an e-mailed better-auth link as the browser does: the auth server answers with a redirect to the page. */
async function openLink(link: string, fetchAs: typeof fetch = pageFetch) {
  const hop = await fetchAs(link, { redirect: 'manual' })
  const location = hop.headers.get('location')
  if (!location) throw new Error(`the link answered ${hop.status}`)
  return location
}

describe('links on better-auth', () => {
  const server = inject('betterAuthUrl')

  it('<AuthFlow />: forgot password → the e-mailed link → the new password → signed in with it', async () => {
    const email = `reset-flow-${crypto.randomUUID().slice(0, 8)}@example.com`
    const page = () => createAuthClient({ backend: betterAuth({ url: `${server}/api/auth` }), storage: localStorageStorage(), fetch: pageFetch, sync: false, locks: null })
    const first = openPage('/', page)
    await act(async () => {
      await first.signUp({ email, password: 'correct horse battery' })
      await first.signOut()
    })
    const user = userEvent.setup()
    await askForResetLink(user, email)

    const landing = await openLink((await betterAuthOutbox(server, email, 'reset-password')).link)
    expect(new URL(landing).searchParams.get('keyward')).toBe('reset-password')
    const client = openPage(landing, page)
    expect(window.location.search).toBe('')
    expect(await screen.findByLabelText('New password')).toBeTruthy()
    await user.type(screen.getByLabelText('New password'), 'a brand new password')
    await user.click(screen.getByRole('button', { name: 'Save password' }))
    // the flow moves on to the sign-in, where the new password works
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy()
    await user.type(screen.getByLabelText('Email'), email)
    await user.type(screen.getByLabelText('Password'), 'a brand new password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText(`Signed in as ${email}`)).toBeTruthy()
    expect(client.getSnapshot().status).toBe('signedIn')
  })

  it('a verification link opened while signed in keeps the very session the page holds (its cookie names it too)', async () => {
    const email = `verify-in-${crypto.randomUUID().slice(0, 8)}@example.com`
    const browser = cookieJar().fetch
    const page = () => createAuthClient({ backend: betterAuth({ url: `${server}/api/auth` }), storage: localStorageStorage(), fetch: browser, sync: false, locks: null })
    const first = openPage('/', page)
    await act(() => first.signUp({ email, password: 'correct horse battery', redirectTo: `${PAGE}/` }))
    const token = first.getSnapshot().session!.accessToken

    const landing = await openLink((await betterAuthOutbox(server, email, 'verify-email')).link, browser)
    const client = openPage(landing, page)
    await waitFor(() => expect(client.getSnapshot().user).toMatchObject({ email, emailVerified: true }))
    expect(client.getSnapshot().session?.accessToken).toBe(token)
    // alive on the server, not ended as if it were the link's own
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)))
    expect(await (await client.fetch(`${server}/api/auth/get-session`)).json()).toMatchObject({ user: { email, emailVerified: true } })
  })

  it('with autoSignInAfterVerification, the verification link signs in once, and leaves no second server session', async () => {
    const verifiedOnly = inject('betterAuthVerifiedOnlyUrl')
    const email = `auto-verify-${crypto.randomUUID().slice(0, 8)}@example.com`
    // one browser: its cookies are the auth server's, whichever page sends them
    const browser = cookieJar().fetch
    const page = () => createAuthClient({ backend: betterAuth({ url: `${verifiedOnly}/api/auth` }), storage: localStorageStorage(), fetch: browser, sync: false, locks: null })
    const first = openPage('/', page)
    await expect(first.signUp({ email, password: 'correct horse battery', redirectTo: `${PAGE}/` })).resolves.toMatchObject({ kind: 'verify-email' })

    const landing = await openLink((await betterAuthOutbox(verifiedOnly, email, 'verify-email')).link, browser)
    const client = openPage(landing, page)
    expect(await screen.findByText(`Signed in as ${email}`)).toBeTruthy()
    expect(client.getSnapshot().user).toMatchObject({ email, emailVerified: true })
    const listed = await client.fetch(`${verifiedOnly}/api/auth/list-sessions`)
    expect(await listed.json()).toHaveLength(1)
  })
})
