// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, expect, inject, it } from 'vitest'
import { betterAuth } from '../../src/backends/better-auth/index.ts'
import { Passkeys } from '../../src/forms/index.ts'
import { AuthProvider, capabilitiesOf, createAuthClient, memoryStorage } from '../../src/index.ts'
import { addPasskey, listPasskeys, removePasskey, signInWithPasskey } from '../../src/core/index.ts'
import { installSoftwareAuthenticator, type SoftwareAuthenticator } from '../../src/testing/index.ts'
import { cookieJar, PAGE, PASSWORD, pageFetch } from '../support/better-auth.ts'

// Passkeys on the real better-auth server of the run (its passkey plugin, rpID `localhost`): a
// software authenticator signs real WebAuthn ceremonies for the page http://localhost:3000, and the
// server verifies them. The challenge waits in a cookie between options and verification: the jar
// plays the browser.

let authenticator: SoftwareAuthenticator
beforeEach(() => {
  authenticator = installSoftwareAuthenticator({ origin: PAGE })
  // an e-mail field offering passkeys, as conditional UI requires
  document.body.innerHTML = '<input autocomplete="username webauthn" />'
})
afterEach(() => {
  cleanup()
  authenticator.uninstall()
})

const backend = () => betterAuth({ url: `${inject('betterAuthUrl')}/api/auth` })

async function signedIn(name: string) {
  const client = createAuthClient({ backend: backend(), storage: memoryStorage(), fetch: cookieJar().fetch })
  const email = `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`
  await client.signUp({ email, password: PASSWORD, displayName: name })
  expect(client.getSnapshot().status).toBe('signedIn')
  return { client, email }
}

it('declares passkey sign-in, adding and managing, but no passkey sign-up or elevation (better-auth registers passkeys for signed-in users only)', () => {
  const capabilities = capabilitiesOf(backend())
  expect(capabilities).toMatchObject({ passkeys: true, passkeyManagement: true, elevation: false })
  expect(backend().passkey).not.toHaveProperty('signUpOptions')
})

it('adds a passkey, signs in with it by button and by autofill, lists it and removes it — the server verifies every signature', async () => {
  const { client, email } = await signedIn('passkey')
  const added = await addPasskey(client, { nickname: 'Laptop' })
  expect(added).toMatchObject({ id: expect.any(String), nickname: 'Laptop' })
  const credentialId = authenticator.credentials[0]!.id
  // the row's id, and the credential id the browser knows (better-auth keeps the AAGUID, not the last use)
  expect(await listPasskeys(client)).toEqual([{ id: added.id, nickname: 'Laptop', createdAt: expect.any(String), credentialId, aaguid: '00000000-0000-0000-0000-000000000000', lastUsedAt: null }])

  // by button: discoverable credentials, no e-mail asked
  await client.signOut()
  await signInWithPasskey(client)
  expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })

  // by autofill: the request waits until the user picks the passkey in the e-mail field
  await client.signOut()
  const autofill = signInWithPasskey(client, { autofill: true })
  await waitFor(() => expect(authenticator.autofillWaiting).toBe(true))
  authenticator.pickAutofill()
  await autofill
  expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })

  await removePasskey(client, added.id)
  expect(await listPasskeys(client)).toEqual([])
  // the authenticator still holds the key, the server no longer knows it
  await client.signOut()
  await expect(signInWithPasskey(client)).rejects.toMatchObject({ code: 'unknown-passkey', serverCode: 'PASSKEY_NOT_FOUND' })
  expect(client.getSnapshot().status).toBe('signedOut')
})

it('keeps the password manager in step through the Signal API: the accepted list after adding, listing and removing, an unknown passkey when the server refuses it', async () => {
  authenticator.uninstall()
  authenticator = installSoftwareAuthenticator({ origin: PAGE, signals: true })
  const { client, email } = await signedIn('signals')
  const first = await addPasskey(client, { nickname: 'Laptop' })
  authenticator.useNewDevice()
  await addPasskey(client, { nickname: 'Key' })
  const [laptop, key] = authenticator.credentials.map((c) => c.id)
  const accepted = () => authenticator.signals.filter((s) => s.signal === 'allAcceptedCredentials')
  // after adding: the list the server accepts, for each user handle the passkeys carry (better-auth makes one per passkey)
  await waitFor(() => expect(accepted().at(-1)).toMatchObject({ rpId: 'localhost', allAcceptedCredentialIds: expect.arrayContaining([laptop, key]) }))

  // removed on the account page: the password manager drops it and keeps the other
  await listPasskeys(client)
  await removePasskey(client, first.id)
  await waitFor(() => expect(authenticator.credentials.map((c) => c.id)).toEqual([key]))
  expect(accepted().at(-1)!.allAcceptedCredentialIds).toEqual([key])

  // removed on another device (this page heard nothing): the next sign-in with it is refused as
  // unknown, and the browser is told to stop offering it
  const other = createAuthClient({ name: 'other-device', backend: backend(), storage: memoryStorage(), fetch: cookieJar().fetch })
  await other.signInWithPassword({ email, password: PASSWORD })
  const [left] = await listPasskeys(other)
  await removePasskey(other, left!.id)
  await client.signOut()
  await expect(signInWithPasskey(client)).rejects.toMatchObject({ code: 'unknown-passkey' })
  expect(authenticator.signals.at(-1)).toEqual({ signal: 'unknownCredential', rpId: 'localhost', credentialId: key })
  expect(authenticator.credentials).toEqual([])
  expect(client.getSnapshot().status).toBe('signedOut')
})

it('sends no signal where the browser has no Signal API, and every flow still works', async () => {
  const { client } = await signedIn('nosignals')
  const { id } = await addPasskey(client)
  expect(await listPasskeys(client)).toHaveLength(1)
  await removePasskey(client, id)
  await client.signOut()
  await expect(signInWithPasskey(client)).rejects.toMatchObject({ code: 'unknown-passkey' })
  expect(authenticator.signals).toEqual([])
  // the password manager still offers it: nothing told it otherwise
  expect(authenticator.credentials).toHaveLength(1)
})

it("refuses to remove another user's passkey, and a verification whose challenge cookie is missing", async () => {
  const alice = await signedIn('alice')
  const bob = await signedIn('bob')
  const { id } = await addPasskey(alice.client)
  await expect(removePasskey(bob.client, id)).rejects.toMatchObject({ code: 'unauthorized', status: 401 })
  expect(await listPasskeys(alice.client)).toHaveLength(1)

  // a browser that drops the challenge cookie (third-party cookies blocked): the server cannot match the challenge
  const cookieless = createAuthClient({ backend: backend(), storage: memoryStorage(), fetch: pageFetch })
  await expect(signInWithPasskey(cookieless)).rejects.toMatchObject({ code: 'passkey_failed', serverCode: 'CHALLENGE_NOT_FOUND' })
  expect(cookieless.getSnapshot().session).toBeNull()
})

it('<Passkeys /> lists the passkeys better-auth keeps, adds one and removes one', async () => {
  const { client } = await signedIn('form')
  await addPasskey(client, { nickname: 'Phone' })
  render(
    <AuthProvider client={client}>
      <Passkeys />
    </AuthProvider>,
  )
  const user = userEvent.setup()
  const list = await screen.findByRole('list')
  await within(list).findByText('Phone', { selector: '[data-keyward-device]' })

  authenticator.useNewDevice()
  await user.click(screen.getByRole('button', { name: 'Add a passkey' }))
  expect(await screen.findByText(/^Passkey added\./)).toBeTruthy()
  await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2))
  expect(await listPasskeys(client)).toHaveLength(2)

  await user.click(within(list).getAllByRole('button', { name: /^Remove / })[0]!)
  await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1))
  expect(await listPasskeys(client)).toHaveLength(1)

  // renamed through /passkey/update-passkey
  await user.click(within(list).getByRole('button', { name: /^Rename / }))
  await user.clear(screen.getByLabelText('Passkey name'))
  await user.type(screen.getByLabelText('Passkey name'), 'Work laptop')
  await user.click(screen.getByRole('button', { name: 'Save' }))
  await within(list).findByText('Work laptop', { selector: '[data-keyward-device]' })
  expect((await listPasskeys(client)).map((p) => p.nickname)).toEqual(['Work laptop'])
})
