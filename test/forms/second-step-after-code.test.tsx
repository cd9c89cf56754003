// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { TOTP } from 'otpauth'
import { URI } from 'otpauth'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { supabase } from '../../src/backends/supabase/index.ts'
import { activateTotp, requestPasswordReset, sendMagicLink, startTotpSetup } from '../../src/core/index.ts'
import { AuthFlow } from '../../src/forms/index.ts'
import { AuthProvider, createAuthClient, memoryStorage } from '../../src/index.ts'
import { supabaseStandIn } from '../standins/supabase.ts'
import { expectAccessible } from './helpers.tsx'

// A user with two-step verification who signs in without the password — an e-mailed code, a magic
// link, a reset link — is not done until the authenticator's code (Supabase signs every first factor
// in at aal1, and sets a password only at aal2): <AuthFlow /> asks for it, as after a password.

afterEach(cleanup)
beforeEach(() => window.history.replaceState(null, '', '/sign-in'))

const PASSWORD = 'correct horse battery'

async function setup() {
  const standIn = supabaseStandIn({ autoconfirm: true })
  const backend = supabase({ url: 'https://project.supabase.test', anonKey: standIn.anonKey })
  const client = () => createAuthClient({ backend, fetch: standIn.fetch, storage: memoryStorage(), sync: false, locks: null, allowedRedirects: [location.origin] })
  const email = `second-${crypto.randomUUID().slice(0, 8)}@example.com`
  const owner = client()
  expect(await owner.signUp({ email, password: PASSWORD })).toMatchObject({ kind: 'session' })
  const totp = URI.parse((await startTotpSetup(owner)).uri) as TOTP
  await activateTotp(owner, totp.generate())
  await owner.signOut()
  return { standIn, client: client(), email, totp }
}

describe('<AuthFlow /> on Supabase: the second step after a code or a link', () => {
  it('an e-mailed code, then the authenticator code: signed in', async () => {
    const { standIn, client, email, totp } = await setup()
    render(
      <AuthProvider client={client}>
        <AuthFlow />
      </AuthProvider>,
    )
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText('Email'), email)
    await user.click(screen.getByRole('button', { name: 'Email me a sign-in code' }))
    await user.click(await screen.findByRole('button', { name: 'Send code' }))
    await user.type(await screen.findByLabelText('Code'), standIn.lastMessage(email, 'magiclink').token)
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('heading', { name: 'Two-step verification' })).toBeTruthy()
    expect(client.getSnapshot().status).toBe('signedOut')
    await user.type(screen.getByLabelText('Code'), totp.generate())
    await user.click(screen.getByRole('button', { name: 'Verify' }))
    await waitFor(() => expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } }))
  })

  it('a magic link opened on the page lands on the authenticator code, which signs in', async () => {
    const { standIn, client, email, totp } = await setup()
    await sendMagicLink(client, { email, redirectTo: `${location.origin}/sign-in` })
    window.history.replaceState(null, '', standIn.link(standIn.lastMessage(email, 'magiclink')))
    render(
      <AuthProvider client={client}>
        <AuthFlow />
      </AuthProvider>,
    )
    expect(await screen.findByRole('heading', { name: 'Two-step verification' })).toBeTruthy()
    // the token hash left the address bar before any request
    expect(location.search).not.toContain('token_hash')
    expect(client.getSnapshot().status).toBe('signedOut')
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Code'), totp.generate())
    await user.click(screen.getByRole('button', { name: 'Verify' }))
    await waitFor(() => expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } }))
  })

  it('a reset link of a user with TOTP asks the authenticator code with the new password; a wrong one is said and can be corrected', async () => {
    const { standIn, client, email, totp } = await setup()
    await requestPasswordReset(client, { email, redirectTo: `${location.origin}/reset` })
    window.history.replaceState(null, '', standIn.link(standIn.lastMessage(email, 'recovery')))
    const { container } = render(
      <AuthProvider client={client}>
        <AuthFlow />
      </AuthProvider>,
    )
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText('New password'), 'a brand new password')
    expect(location.search).not.toContain('token_hash')
    const wrong = totp.generate() === '000000' ? '111111' : '000000'
    await user.type(screen.getByLabelText('Code'), wrong)
    await user.click(screen.getByRole('button', { name: 'Save password' }))
    expect(await screen.findByText('That code is not right. Use the current code from your app.')).toBeTruthy()
    await expectAccessible(container)
    await user.clear(screen.getByLabelText('Code'))
    await user.type(screen.getByLabelText('Code'), totp.generate())
    await user.click(screen.getByRole('button', { name: 'Save password' }))
    await waitFor(() => expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } }))
    await client.signOut()
    expect(await client.signInWithPassword({ email, password: 'a brand new password' })).toMatchObject({ kind: 'mfa' })
  })
})
