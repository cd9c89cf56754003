// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { AuthProvider, createAuthClient, type AuthBackend, type PasskeyInfo } from '../../src/index.ts'
import { Account, AuthFlow, PasskeyOffer, Passkeys } from '../../src/forms/index.ts'
import { installSoftwareAuthenticator, type SoftwareAuthenticator } from '../../src/testing/index.ts'
import { expectAccessible } from './helpers.tsx'
import { alice, testBackend } from '../support/backend.tsx'

// The FIDO design patterns in the forms: passkey-first sign-up, a word before and after the browser's
// dialog, a card per passkey, the invitation to make one (skippable, remembered), passkeys above the
// password on the account page.

let authenticator: SoftwareAuthenticator
beforeEach(() => {
  localStorage.clear()
  authenticator = installSoftwareAuthenticator()
})
afterEach(() => {
  cleanup()
  authenticator.uninstall()
})

/** Holds the next `navigator.credentials.create` until `release()`: the browser's dialog, open. */
function holdDialog() {
  const create = navigator.credentials.create.bind(navigator.credentials)
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  navigator.credentials.create = async (options) => {
    await released
    return create(options)
  }
  return { release }
}

it('creates an account with a passkey and no password from <AuthFlow />, saying before the dialog what it will ask', async () => {
  const env = testBackend()
  const { container } = render(<AuthProvider client={env.client}><AuthFlow routing="none" /></AuthProvider>)
  const user = userEvent.setup()
  await user.click(await screen.findByRole('button', { name: 'Create one' }))
  // the address is checked first: no dialog for a malformed one
  await user.type(screen.getByLabelText('Email'), 'not-an-address')
  await user.click(screen.getByRole('button', { name: 'Sign up with a passkey' }))
  expect(await screen.findByText('Enter an email address like name@example.com.')).toBeTruthy()
  expect(env.server.requests.map((r) => r.path)).not.toContain('/signup/webauthn')
  await user.clear(screen.getByLabelText('Email'))
  await user.type(screen.getByLabelText('Email'), 'pat@example.com')
  const dialog = holdDialog()
  await user.click(screen.getByRole('button', { name: 'Sign up with a passkey' }))
  expect(await screen.findByText('Your device will ask for your fingerprint, face or screen lock.')).toBeTruthy()
  await expectAccessible(container)
  dialog.release()
  await waitFor(() => expect(env.client.getSnapshot().status).toBe('signedIn'))
  expect(env.client.getSnapshot().session?.user?.email).toBe('pat@example.com')
  expect(env.server.admin.passkeys('pat@example.com')).toHaveLength(1)
})

it('says to verify the address where the server wants it first, and leaves the form as it was when the user closes the dialog', async () => {
  const env = testBackend({ requireEmailVerification: true })
  render(<AuthProvider client={env.client}><AuthFlow routing="none" initialView="signUp" /></AuthProvider>)
  const user = userEvent.setup()
  await user.type(await screen.findByLabelText('Email'), 'pat@example.com')
  authenticator.cancelNext()
  await user.click(screen.getByRole('button', { name: 'Sign up with a passkey' }))
  await waitFor(() => expect(screen.getByRole('button', { name: 'Sign up with a passkey' }).getAttribute('data-state')).toBe('idle'))
  expect(screen.queryByRole('alert')?.textContent ?? '').toBe('')
  await user.click(screen.getByRole('button', { name: 'Sign up with a passkey' }))
  expect(await screen.findByText('We sent a link to pat@example.com. Open it to verify your address, then sign in.')).toBeTruthy()
  expect(env.client.getSnapshot().status).toBe('signedOut')
})

const none = { createdAt: null, credentialId: null, aaguid: null, lastUsedAt: null }

async function withList(keys: PasskeyInfo[], extra: Partial<NonNullable<AuthBackend['passkey']>> = {}) {
  const env = testBackend()
  const backend: AuthBackend = { ...env.client.backend, passkey: { ...env.client.backend.passkey!, list: async () => keys, remove: async () => {}, ...extra } }
  const client = createAuthClient({ backend, fetch: env.server.fetch, sync: false, locks: null })
  await env.server.admin.createUser(alice)
  await client.signInWithPassword(alice)
  return { env, client }
}

it('shows a card per passkey: its provider by AAGUID (name and icon), when it was made and last used; renames one', async () => {
  const icon = 'data:image/svg+xml;base64,' + btoa('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')
  let keys: PasskeyInfo[] = [
    { ...none, id: 'k1', nickname: null, aaguid: 'AAAAAAAA-0000-4000-8000-000000000001', createdAt: '2026-03-01T10:00:00Z', lastUsedAt: '2026-11-30T10:00:00Z' },
    { ...none, id: 'k2', nickname: 'Desk key', aaguid: '00000000-0000-0000-0000-000000000000', createdAt: '2026-05-02T10:00:00Z' },
  ]
  const asked: string[] = []
  const { client } = await withList([], {
    list: async () => keys,
    rename: async (_s, id, nickname) => {
      keys = keys.map((k) => (k.id === id ? { ...k, nickname } : k))
    },
  })
  const { container } = render(
    <AuthProvider client={client}>
      <Passkeys authenticators={async (aaguid) => (asked.push(aaguid), aaguid.endsWith('0001') ? { name: 'Acme Passwords', icon } : null)} />
    </AuthProvider>,
  )
  const first = (await screen.findByText('Acme Passwords', { selector: '[data-keyward-device]' })).closest('li')!
  expect(within(first).getByText('Created Mar 1, 2026 · Last used Nov 30, 2026')).toBeTruthy()
  expect(first.querySelector('img')!.getAttribute('src')).toBe(icon)
  expect(first.querySelector('img')!.getAttribute('alt')).toBe('')
  // the all-zero AAGUID (a privacy-preserving platform) is never looked up
  expect(asked).toEqual(['aaaaaaaa-0000-4000-8000-000000000001'])
  await expectAccessible(container)

  const user = userEvent.setup()
  await user.click(screen.getByRole('button', { name: 'Rename Desk key' }))
  const name = screen.getByLabelText('Passkey name')
  await user.clear(name)
  await user.click(screen.getByRole('button', { name: 'Save' }))
  expect(await screen.findByText('Fill in this field.')).toBeTruthy()
  await user.type(name, 'Office key')
  await user.click(screen.getByRole('button', { name: 'Save' }))
  expect(await screen.findByText('Office key', { selector: '[data-keyward-device]' })).toBeTruthy()
  expect(keys[1]!.nickname).toBe('Office key')
})

it('offers no rename where the backend cannot, and drops an icon that is not an image data URL', async () => {
  const { client } = await withList([{ ...none, id: 'k1', nickname: null, aaguid: 'aaaaaaaa-0000-4000-8000-000000000002' }])
  render(
    <AuthProvider client={client}>
      <Passkeys authenticators={async () => ({ name: 'Sneaky', icon: 'javascript:alert(1)' })} />
    </AuthProvider>,
  )
  expect(await screen.findByText('Passkey', { selector: '[data-keyward-device]' })).toBeTruthy()
  expect(screen.queryByRole('button', { name: /^Rename/ })).toBeNull()
})

it('<PasskeyOffer /> invites a user without a passkey, remembers "Not now", and says what the passkey is for once made', async () => {
  const env = testBackend()
  await env.server.admin.createUser(alice)
  await env.client.signInWithPassword(alice)
  const first = render(<AuthProvider client={env.client}><PasskeyOffer /></AuthProvider>)
  const user = userEvent.setup()
  expect(await screen.findByRole('region', { name: 'Sign in faster with a passkey' })).toBeTruthy()
  await expectAccessible(first.container)
  await user.click(screen.getByRole('button', { name: 'Not now' }))
  expect(screen.queryByRole('region', { name: 'Sign in faster with a passkey' })).toBeNull()
  first.unmount()
  // dismissed for this user on this browser: not offered again
  render(<AuthProvider client={env.client}><PasskeyOffer /></AuthProvider>)
  expect(screen.queryByRole('region', { name: 'Sign in faster with a passkey' })).toBeNull()
  cleanup()

  localStorage.clear()
  render(<AuthProvider client={env.client}><PasskeyOffer /></AuthProvider>)
  await user.click(await screen.findByRole('button', { name: 'Create a passkey' }))
  expect(await screen.findByText('Passkey added. Next time, sign in with your fingerprint, face or screen lock.')).toBeTruthy()
  expect(env.server.admin.passkeys(alice.email)).toHaveLength(1)
  cleanup()
  // a user with a passkey here is not invited
  render(<AuthProvider client={env.client}><PasskeyOffer /></AuthProvider>)
  expect(screen.queryByRole('region', { name: 'Sign in faster with a passkey' })).toBeNull()
})

it('puts passkeys above the password on the account page', async () => {
  const env = testBackend()
  await env.server.admin.createUser(alice)
  await env.client.signInWithPassword(alice)
  render(<AuthProvider client={env.client}><Account /></AuthProvider>)
  const headings = (await screen.findAllByRole('heading')).map((h) => h.textContent)
  expect(headings.indexOf('Passkeys')).toBeGreaterThan(-1)
  expect(headings.indexOf('Passkeys')).toBeLessThan(headings.indexOf('Change password'))
})
