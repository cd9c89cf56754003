// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, expect, inject, it } from 'vitest'
import { betterAuth } from '../../src/backends/better-auth/index.ts'
import { SignIn } from '../../src/forms/index.ts'
import { AuthProvider, createAuthClient, memoryStorage } from '../../src/index.ts'
import { cookieJar, PASSWORD, withTwoFactor } from '../support/better-auth.ts'

// <SignIn /> on a real better-auth server, whose two-factor step carries no ticket.
afterEach(cleanup)

it('asks for the two-step code when better-auth answers twoFactorRedirect, and signs in with it', async () => {
  const { email, totp } = await withTwoFactor('form')
  // the cookie jar plays the browser, which keeps the pending sign-in's cookie
  const client = createAuthClient({ backend: betterAuth({ url: `${inject('betterAuthUrl')}/api/auth` }), storage: memoryStorage(), fetch: cookieJar().fetch })
  render(
    <AuthProvider client={client}>
      <SignIn />
    </AuthProvider>,
  )
  const user = userEvent.setup()
  await user.type(screen.getByLabelText('Email'), email)
  await user.type(screen.getByLabelText('Password'), PASSWORD)
  await user.click(screen.getByRole('button', { name: 'Sign in' }))
  await screen.findByRole('heading', { name: 'Two-step verification' })
  await user.type(screen.getByLabelText('Code'), totp.generate())
  await user.click(screen.getByRole('button', { name: 'Verify' }))
  expect(await screen.findByText('You are signed in.')).toBeTruthy()
  expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
})
