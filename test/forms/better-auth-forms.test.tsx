// @vitest-environment jsdom
import { cleanup, render, renderHook, screen } from '@testing-library/react'
import type { ReactNode } from 'react'
import userEvent from '@testing-library/user-event'
import { afterEach, expect, inject, it } from 'vitest'
import { betterAuth } from '../../src/backends/better-auth/index.ts'
import { Sessions, SignIn } from '../../src/forms/index.ts'
import { AuthProvider, createAuthClient, memoryStorage, useCapabilities } from '../../src/index.ts'
import { cookieJar, PASSWORD, pageFetch, withTwoFactor } from '../support/better-auth.ts'

// Forms on a real better-auth server: <SignIn />, whose two-factor step carries no ticket, and
// <Sessions /> (until now tested only against a stub backend).
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

it('<Sessions /> lists the devices better-auth knows and signs another one out', async () => {
  const url = `${inject('betterAuthUrl')}/api/auth`
  const backend = betterAuth({ url })
  // two devices: this page, and a phone that signed in with the same account
  const device =
    (userAgent: string): typeof fetch =>
    (input, init) =>
      pageFetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), 'user-agent': userAgent } })
  const email = `devices-${crypto.randomUUID().slice(0, 8)}@example.com`
  const client = createAuthClient({ backend, storage: memoryStorage(), fetch: device('Firefox on Linux') })
  await client.signUp({ email, password: PASSWORD })
  const phone = createAuthClient({ backend, storage: memoryStorage(), fetch: device('Safari on iPhone') })
  await phone.signInWithPassword({ email, password: PASSWORD })

  render(
    <AuthProvider client={client}>
      <Sessions />
    </AuthProvider>,
  )
  const signOutPhone = await screen.findByRole('button', { name: 'Sign out Safari on iPhone' })
  expect(screen.getByText('— This device', { exact: false }).parentElement?.textContent).toContain('Firefox on Linux')
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
  expect(result.current).toMatchObject({ signUp: true, refresh: false, passwordReset: true, sessions: true, passkeys: false })
})
