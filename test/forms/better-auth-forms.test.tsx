// @vitest-environment jsdom
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import userEvent from '@testing-library/user-event'
import { afterEach, expect, inject, it } from 'vitest'
import { betterAuth } from '../../src/backends/better-auth/index.ts'
import { Account, ChangePassword, MfaSetup, Sessions, SignIn } from '../../src/forms/index.ts'
import { AuthProvider, createAuthClient, memoryStorage, useCapabilities } from '../../src/index.ts'
import { Secret, TOTP } from 'otpauth'
import { cookieJar, PASSWORD, pageFetch, withTwoFactor } from '../support/better-auth.ts'

// Forms on a real better-auth server: <SignIn />, whose two-factor step carries no ticket, and
// <Sessions /> (until now tested only against a stub backend).
afterEach(cleanup)

/** A user with two-factor on, past the password in <SignIn />: the form shows the code step. */
async function atTheCodeStep(name: string) {
  const account = await withTwoFactor(name)
  // the cookie jar plays the browser, which keeps the pending sign-in's cookie
  const client = createAuthClient({ backend: betterAuth({ url: `${inject('betterAuthUrl')}/api/auth` }), storage: memoryStorage(), fetch: cookieJar().fetch })
  render(
    <AuthProvider client={client}>
      <SignIn />
    </AuthProvider>,
  )
  const user = userEvent.setup()
  await user.type(screen.getByLabelText('Email'), account.email)
  await user.type(screen.getByLabelText('Password'), PASSWORD)
  await user.click(screen.getByRole('button', { name: 'Sign in' }))
  await screen.findByRole('heading', { name: 'Two-step verification' })
  return { ...account, client, user }
}

it('asks for the two-step code when better-auth answers twoFactorRedirect, and signs in with it', async () => {
  const { email, totp, client, user } = await atTheCodeStep('form')
  await user.type(screen.getByLabelText('Code'), totp.generate())
  await user.click(screen.getByRole('button', { name: 'Verify' }))
  expect(await screen.findByText('You are signed in.')).toBeTruthy()
  expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
})

it('offers a backup code in the same challenge, and starts over when the session ends (sign-in state from the session store)', async () => {
  const { backupCodes, client, user } = await atTheCodeStep('form-backup')
  await user.click(screen.getByRole('button', { name: 'Use a backup code' }))
  await user.type(screen.getByLabelText('Backup code'), 'not-a-backup-code')
  await user.click(screen.getByRole('button', { name: 'Verify' }))
  // a backup code's own words, not the authenticator app's
  expect(await screen.findByText('That backup code is not right, or it was already used.')).toBeTruthy()
  await user.clear(screen.getByLabelText('Backup code'))
  await user.type(screen.getByLabelText('Backup code'), backupCodes[0]!)
  await user.click(screen.getByRole('button', { name: 'Verify' }))
  expect(await screen.findByText('You are signed in.')).toBeTruthy()
  // signing out anywhere (here: the client itself) puts the form back, instead of "You are signed in"
  await act(() => client.signOut())
  expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy()
  expect(screen.queryByText('You are signed in.')).toBeNull()
})

it('<Sessions /> lists the devices better-auth knows and signs another one out', async () => {
  const url = `${inject('betterAuthUrl')}/api/auth`
  const backend = betterAuth({ url })
  // two devices: this page, and a phone that signed in with the same account
  const device =
    (userAgent: string): typeof fetch =>
    (input, init) =>
      pageFetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), 'user-agent': userAgent } })
  const email = `devices-${crypto.randomUUID().slice(0, 8)}@example.com`
  const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'
  const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
  const client = createAuthClient({ backend, storage: memoryStorage(), fetch: device(firefox) })
  await client.signUp({ email, password: PASSWORD })
  const phone = createAuthClient({ backend, storage: memoryStorage(), fetch: device(iphone) })
  await phone.signInWithPassword({ email, password: PASSWORD })

  render(
    <AuthProvider client={client}>
      <Sessions />
    </AuthProvider>,
  )
  const signOutPhone = await screen.findByRole('button', { name: 'Sign out Safari on iPhone' })
  // named from the user agents better-auth recorded, this device first, both active (its updatedAt) just now
  const rows = screen.getAllByRole('listitem').map((row) => row.querySelector('[data-keyward-device]')!.textContent)
  expect(rows[0]).toMatch(/^Firefox on LinuxThis deviceActive now/)
  expect(rows[1]).toMatch(/^Safari on iPhoneActive now/)
  const user = userEvent.setup()
  await user.click(signOutPhone)
  expect(await screen.findByText('No other devices.')).toBeTruthy()
  // the phone's session ended on the server
  expect(await (await phone.fetch(`${url}/get-session`)).json()).toBeNull()
})

it('useCapabilities() tells what the backend behind the provider offers', () => {
  const client = createAuthClient({ backend: betterAuth({ url: `${inject('betterAuthUrl')}/api/auth` }), storage: memoryStorage() })
  const { result } = renderHook(() => useCapabilities(), {
    wrapper: ({ children }: { children: ReactNode }) => <AuthProvider client={client}>{children}</AuthProvider>,
  })
  expect(result.current).toMatchObject({ signUp: true, refresh: false, passwordReset: true, sessions: true, passkeys: true, elevation: false })
})

it('<MfaSetup /> turns two-factor on with the password, shows the backup codes once, issues new ones and turns it off', async () => {
  const backend = betterAuth({ url: `${inject('betterAuthUrl')}/api/auth` })
  const client = createAuthClient({ backend, storage: memoryStorage(), fetch: pageFetch })
  await client.signUp({ email: `setup-${crypto.randomUUID().slice(0, 8)}@example.com`, password: PASSWORD })
  render(
    <AuthProvider client={client}>
      <MfaSetup />
    </AuthProvider>,
  )
  const user = userEvent.setup()
  await user.type(screen.getByLabelText('Current password'), 'not the password')
  await user.click(screen.getByRole('button', { name: 'Set up an authenticator app' }))
  expect(await screen.findByText('password', { exact: false, selector: '[data-keyward-message="error"]' })).toBeTruthy()
  await user.clear(screen.getByLabelText('Current password'))
  await user.type(screen.getByLabelText('Current password'), PASSWORD)
  await user.click(screen.getByRole('button', { name: 'Set up an authenticator app' }))
  const codes = await screen.findByRole('region', { name: 'Save these backup codes' })
  const shown = [...codes.querySelectorAll('li')].map((li) => li.textContent)
  expect(shown.length).toBeGreaterThanOrEqual(8)
  expect(screen.getByRole('button', { name: 'Download' })).toBeTruthy()
  const secret = document.querySelector('[data-keyward-secret] code')!.textContent!.replace(/\s/g, '')
  const totp = new TOTP({ secret: Secret.fromBase32(secret) })
  await user.type(screen.getByLabelText('Code'), totp.generate())
  await user.click(screen.getByRole('button', { name: 'Turn on' }))
  expect(await screen.findByText('Two-step verification is on.')).toBeTruthy()
  expect(client.getSnapshot().user?.activeMfaType).toBe('totp')

  await user.type(screen.getByLabelText('Current password'), PASSWORD)
  await user.click(screen.getByRole('button', { name: 'New backup codes' }))
  await waitFor(() => {
    const fresh = [...screen.getByRole('region', { name: 'Save these backup codes' }).querySelectorAll('li')].map((li) => li.textContent)
    expect(fresh).not.toEqual(shown)
  })
  await user.clear(screen.getByLabelText('Current password'))
  await user.type(screen.getByLabelText('Current password'), PASSWORD)
  await user.click(screen.getByRole('button', { name: 'Turn off' }))
  expect(await screen.findByText('Two-step verification is off.')).toBeTruthy()
  expect(client.getSnapshot().user?.activeMfaType).toBeNull()
})

it('<ChangePassword /> asks better-auth’s users for the current password, explains a wrong one, and changes it', async () => {
  const backend = betterAuth({ url: `${inject('betterAuthUrl')}/api/auth` })
  const client = createAuthClient({ backend, storage: memoryStorage(), fetch: pageFetch })
  const email = `change-${crypto.randomUUID().slice(0, 8)}@example.com`
  await client.signUp({ email, password: PASSWORD })
  render(
    <AuthProvider client={client}>
      <ChangePassword />
    </AuthProvider>,
  )
  const user = userEvent.setup()
  await user.type(await screen.findByLabelText('Current password'), 'not the password')
  await user.type(screen.getByLabelText('New password'), 'a brand new password')
  await user.click(screen.getByRole('button', { name: 'Change password' }))
  // about the current password, on its field (not the sign-in form's "Wrong email or password.")
  expect(await screen.findByText('Your current password is not right.')).toBeTruthy()
  await waitFor(() => expect(screen.getByLabelText('Current password').getAttribute('aria-invalid')).toBe('true'))
  expect(document.activeElement).toBe(screen.getByLabelText('Current password'))
  expect(screen.queryByText('Wrong email or password.', { exact: false })).toBeNull()
  await user.clear(screen.getByLabelText('Current password'))
  await user.type(screen.getByLabelText('Current password'), PASSWORD)
  await user.click(screen.getByRole('button', { name: 'Change password' }))
  expect(await screen.findByText('Your password has been changed.')).toBeTruthy()
  await client.signOut()
  await client.signInWithPassword({ email, password: 'a brand new password' })
  expect(client.getSnapshot().status).toBe('signedIn')
})

it('<Account /> deletes the account on a server that lets users do it: the password asked, a wrong one said, then signed out for good', async () => {
  const url = `${inject('betterAuthUrl')}/api/auth`
  const email = `delete-${crypto.randomUUID().slice(0, 8)}@example.com`
  // without the option the adapter offers no deletion (the server answers 404 unless enabled)
  const plain = createAuthClient({ backend: betterAuth({ url }), storage: memoryStorage(), fetch: pageFetch })
  await plain.signUp({ email, password: PASSWORD })
  const { unmount } = render(
    <AuthProvider client={plain}>
      <Account sections={['profile', 'delete']} />
    </AuthProvider>,
  )
  await screen.findByRole('heading', { name: 'Profile' })
  expect(screen.queryByRole('heading', { name: 'Delete account' })).toBeNull()
  unmount()

  const client = createAuthClient({ backend: betterAuth({ url, deleteAccount: true }), storage: memoryStorage(), fetch: pageFetch })
  await client.signInWithPassword({ email, password: PASSWORD })
  let deleted = 0
  render(
    <AuthProvider client={client}>
      <Account sections={['profile', 'delete']} onDeleted={() => deleted++} />
    </AuthProvider>,
  )
  const form = await screen.findByRole('form', { name: 'Delete account' })
  const user = userEvent.setup()
  await user.type(screen.getByLabelText('Current password'), 'not the password{Enter}')
  expect(await screen.findByText('Your current password is not right.')).toBeTruthy()
  expect(client.getSnapshot().status).toBe('signedIn')
  await user.clear(screen.getByLabelText('Current password'))
  await user.type(screen.getByLabelText('Current password'), PASSWORD)
  await user.click(screen.getByRole('button', { name: 'Delete account' }))
  await waitFor(() => expect(client.getSnapshot().status).toBe('signedOut'))
  expect(deleted).toBe(1)
  expect(form.isConnected).toBe(false)
  // the account is gone on the server: its password signs nobody in
  await expect(client.signInWithPassword({ email, password: PASSWORD })).rejects.toMatchObject({ code: 'invalid-email-password' })
})
