// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import { betterAuth } from '../../src/backends/better-auth/index.ts'
import { createAuthClient, localStorageStorage } from '../../src/index.ts'
import { signInWithPasskey } from '../../src/core/index.ts'
import { installSoftwareAuthenticator, type SoftwareAuthenticator } from '../../src/testing/index.ts'
import { alice, testBackend } from '../support/backend.tsx'
import { pageFetch } from '../support/better-auth.ts'
import { follow } from '../support/hooks.tsx'
import { askForResetLink, openReadmePage } from './helpers.tsx'

// Account recovery with a passkey instead of a new password (the FIDO pattern), as users take it: the
// reset link opened on the page that mounts <SignedOut><AuthFlow /></SignedOut>.

let authenticator: SoftwareAuthenticator
beforeEach(() => {
  window.history.replaceState(null, '', '/')
  authenticator = installSoftwareAuthenticator()
})
afterEach(() => {
  cleanup()
  authenticator.uninstall()
  localStorage.clear()
})

const openPage = openReadmePage

describe('a reset link that signs in (Nhost): a passkey instead of a new password', () => {
  it('makes a passkey for the account and signs in; the password is not changed; the passkey signs in next time', async () => {
    const env = testBackend()
    await env.server.admin.createUser(alice)
    const user = userEvent.setup()
    openPage('/', env.makeClient({ storage: localStorageStorage() }))
    await askForResetLink(user, alice.email)

    const landing = await follow(env.server, env.server.lastMessage(alice.email, 'password-reset').link!)
    const client = openPage(landing, env.makeClient({ storage: localStorageStorage() }))
    expect(await screen.findByLabelText('New password')).toBeTruthy()
    expect(client.getSnapshot().status).toBe('signedOut')
    await user.click(screen.getByRole('button', { name: 'Create a passkey instead' }))
    expect(await screen.findByText(`Signed in as ${alice.email}`)).toBeTruthy()
    expect(authenticator.credentials).toHaveLength(1)
    expect(env.server.admin.passkeys(alice.email)).toHaveLength(1)

    await act(() => client.signOut())
    // the old password still works (nothing was set), and so does the passkey
    await expect(client.signInWithPassword(alice)).resolves.toMatchObject({ kind: 'session' })
    await act(() => client.signOut())
    await act(() => signInWithPasskey(client, { email: alice.email }))
    expect(client.getSnapshot().user?.email).toBe(alice.email)
  })

  it('keeps the form as it was when the user dismisses the dialog, and the new password still finishes', async () => {
    const env = testBackend()
    await env.server.admin.createUser(alice)
    await env.server.fetch('http://auth.test/v1/user/password/reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: alice.email, options: { redirectTo: 'http://localhost:3000/' } }) })
    const landing = await follow(env.server, env.server.lastMessage(alice.email, 'password-reset').link!)
    const client = openPage(landing, env.makeClient({ storage: localStorageStorage() }))
    const user = userEvent.setup()
    await screen.findByLabelText('New password')
    authenticator.cancelNext()
    await user.click(screen.getByRole('button', { name: 'Create a passkey instead' }))
    await screen.findByRole('button', { name: 'Create a passkey instead' })
    expect(screen.queryByRole('alert')?.textContent ?? '').toBe('')
    expect(client.getSnapshot().status).toBe('signedOut')
    await user.type(screen.getByLabelText('New password'), 'a new long password')
    await user.click(screen.getByRole('button', { name: 'Save password' }))
    expect(await screen.findByText(`Signed in as ${alice.email}`)).toBeTruthy()
  })
})

describe('a reset link that carries a ticket (better-auth): the new password only', () => {
  it('offers no passkey instead, where nobody is signed in until the password is set', async () => {
    const server = inject('betterAuthUrl')
    const page = () => createAuthClient({ backend: betterAuth({ url: `${server}/api/auth` }), storage: localStorageStorage(), fetch: pageFetch, sync: false, locks: null })
    const email = `recovery-${crypto.randomUUID().slice(0, 8)}@example.com`
    const first = openPage('/', page())
    await act(async () => {
      await first.signUp({ email, password: 'correct horse battery' })
      await first.signOut()
    })
    const user = userEvent.setup()
    await askForResetLink(user, email)
    const all = (await (await fetch(`${server}/__outbox`)).json()) as Array<{ to: string; kind: string; link: string }>
    const sent = all.filter((m) => m.to === email && m.kind === 'reset-password').at(-1)!
    const landing = (await pageFetch(sent.link, { redirect: 'manual' })).headers.get('location')!
    openPage(landing, page())
    expect(await screen.findByLabelText('New password')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Create a passkey instead' })).toBeNull()
  })
})
