// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { AuthProvider } from '../../src/index.ts'
import { AuthFlow, SignIn } from '../../src/forms/index.ts'
import { installSoftwareAuthenticator, type SoftwareAuthenticator } from '../../src/testing/index.ts'
import { alice, testBackend } from '../support/backend.tsx'

// The automatic upgrade: after a password sign-in through the form, the browser is asked to save a
// passkey without a prompt (conditional create) where it says it can, never where it cannot, and
// never twice for a user who has one here.

let authenticator: SoftwareAuthenticator | undefined
beforeEach(() => localStorage.clear())
afterEach(() => {
  cleanup()
  authenticator?.uninstall()
  authenticator = undefined
})

async function signInWithPassword(ui: 'signIn' | 'flow', env: ReturnType<typeof testBackend>, props: { passkeyUpgrade?: boolean } = {}) {
  render(<AuthProvider client={env.client}>{ui === 'flow' ? <AuthFlow signIn={props} routing="none" /> : <SignIn {...props} />}</AuthProvider>)
  const user = userEvent.setup()
  await user.type(await screen.findByLabelText('Email'), alice.email)
  await user.type(screen.getByLabelText('Password'), alice.password)
  await user.click(screen.getByRole('button', { name: 'Sign in' }))
  await waitFor(() => expect(env.client.getSnapshot().status).toBe('signedIn'))
}

it('saves one passkey without a prompt after a password sign-in where the browser offers conditional create — one, however many sign-ins follow', async () => {
  authenticator = installSoftwareAuthenticator({ conditionalCreate: true })
  const env = testBackend()
  await env.server.admin.createUser(alice)
  const signIns = 4
  for (let i = 0; i < signIns; i++) {
    await signInWithPassword(i % 2 ? 'flow' : 'signIn', env)
    if (i === 0) await waitFor(() => expect(env.server.admin.passkeys(alice.email)).toHaveLength(1))
    cleanup()
    await env.client.signOut()
  }
  // the measure: a password user who signed in four times has exactly one passkey, made quietly
  expect(env.server.admin.passkeys(alice.email)).toHaveLength(1)
  expect(authenticator.creations).toEqual([{ mediation: 'conditional' }])
  // and it signs in
  render(<AuthProvider client={env.client}><SignIn /></AuthProvider>)
  await userEvent.setup().click(screen.getByRole('button', { name: 'Sign in with a passkey' }))
  await waitFor(() => expect(env.client.getSnapshot().status).toBe('signedIn'))
})

it('asks nothing where the browser has no conditional create, and nothing when the app turns it off', async () => {
  authenticator = installSoftwareAuthenticator({ conditionalCreate: false })
  const env = testBackend()
  await env.server.admin.createUser(alice)
  await signInWithPassword('signIn', env)
  cleanup()
  await env.client.signOut()
  authenticator.uninstall()
  authenticator = installSoftwareAuthenticator({ conditionalCreate: true })
  await signInWithPassword('flow', env, { passkeyUpgrade: false })
  // give a stray upgrade every chance to show up
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(authenticator.creations).toEqual([])
  expect(env.server.admin.passkeys(alice.email)).toEqual([])
  // not even the registration options were asked for
  expect(env.server.requests.map((r) => r.path)).not.toContain('/user/webauthn/add')
  expect(screen.queryByRole('alert')).toBeNull()
})

it('makes no passkey where adding one needs an elevation first (the user has one already): no dialog, no error', async () => {
  authenticator = installSoftwareAuthenticator({ conditionalCreate: true })
  const env = testBackend()
  await env.server.admin.createUser(alice)
  // a passkey made on another device: this browser knows nothing of it, the server asks for elevation to add one
  await env.client.signInWithPassword(alice)
  const { addPasskey } = await import('../../src/core/index.ts')
  authenticator.useNewDevice()
  await addPasskey(env.client)
  await env.client.signOut()
  localStorage.clear()
  const before = authenticator.creations.length
  await signInWithPassword('signIn', env)
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(authenticator.creations.length).toBe(before)
  expect(env.server.admin.passkeys(alice.email)).toHaveLength(1)
})
