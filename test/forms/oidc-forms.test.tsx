// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { oidc } from '../../src/backends/oidc/index.ts'
import { AuthFlow, SignIn } from '../../src/forms/index.ts'
import { de } from '../../src/forms/locales/de.ts'
import { AuthProvider, createAuthClient, memoryStorage } from '../../src/index.ts'
import { CLIENT_ID, oidcIssuer, PAGE, providerBrowser } from '../support/oidc.ts'
import { expectAccessible } from './helpers.tsx'

// The drop-in sign-in on a backend whose only sign-in is its own page (OpenID Connect, against the real
// oidc-provider of this run): "Continue with <server>" instead of the password form, the browser sent
// there, and the page it comes back to finishing the sign-in (issue 12).

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})
beforeEach(() => window.history.replaceState(null, '', '/'))

const server = new URL(oidcIssuer).host
function setup() {
  const client = createAuthClient({ backend: oidc({ issuer: oidcIssuer, clientId: CLIENT_ID }), storage: memoryStorage(), sync: false, locks: null, allowedRedirects: [PAGE] })
  const assign = vi.fn()
  // jsdom cannot leave the page: the address the form sends the browser to is recorded instead
  vi.stubGlobal('location', Object.assign(new URL(window.location.href), { assign }))
  const view = (ui: React.ReactNode) => render(<AuthProvider client={client}>{ui}</AuthProvider>)
  return { client, assign, view }
}

describe('<SignIn /> on OpenID Connect', () => {
  it('offers only “Continue with <server>”: no e-mail, password or divider', async () => {
    const { view } = setup()
    const { container } = view(<SignIn onForgotPassword={() => {}} onSignUp={() => {}} />)
    expect(await screen.findByRole('button', { name: `Continue with ${server}` })).toBeTruthy()
    expect(screen.queryByLabelText('Email')).toBeNull()
    expect(screen.queryByLabelText('Password')).toBeNull()
    expect(screen.queryByRole('separator')).toBeNull()
    expect(screen.queryByRole('button', { name: /forgot/i })).toBeNull()
    expect(screen.queryByRole('button', { name: /create/i })).toBeNull()
    await expectAccessible(container)
    cleanup()
    view(<SignIn localization={de} />)
    expect(await screen.findByRole('button', { name: `Weiter mit ${server}` })).toBeTruthy()
  })

  it('sends the browser to the provider, and the way back signs in and cleans the address bar', async () => {
    window.history.replaceState(null, '', '/login')
    const { client, assign, view } = setup()
    view(<SignIn />)
    await userEvent.setup().click(await screen.findByRole('button', { name: `Continue with ${server}` }))
    await waitFor(() => expect(assign).toHaveBeenCalledOnce())
    const authorize = new URL(assign.mock.calls[0]![0] as string)
    expect(authorize.origin).toBe(oidcIssuer)
    // the way back: this page, without its query
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${PAGE}/login`)
    // busy until the browser leaves
    expect(screen.getByRole('button', { name: 'Please wait…' }).getAttribute('aria-busy')).toBe('true')
    cleanup()
    vi.unstubAllGlobals()

    const callback = new URL(await providerBrowser().follow(authorize.toString(), 'grace'))
    expect(callback.searchParams.has('code')).toBe(true)
    window.history.replaceState(null, '', callback.pathname + callback.search)
    const signedIn = vi.fn()
    render(
      <AuthProvider client={client}>
        <AuthFlow onSignedIn={signedIn} />
      </AuthProvider>,
    )
    // finishing: the form is busy, never the idle button (no flash of an unfinished sign-in)
    expect(screen.queryByRole('button', { name: `Continue with ${server}` })).toBeNull()
    expect(await screen.findByRole('heading', { name: 'You are signed in.' })).toBeTruthy()
    expect(client.getSnapshot().user).toMatchObject({ id: 'grace', email: 'grace@example.com' })
    expect(signedIn).toHaveBeenCalledOnce()
    expect(window.location.search).toBe('')
  })

  it('a provider that refused is said in the form, and the address bar is cleaned', async () => {
    const { view } = setup()
    vi.unstubAllGlobals()
    window.history.replaceState(null, '', '/?error=access_denied&error_description=secret%20server%20words&state=abc')
    view(<SignIn />)
    expect(await screen.findByText('The sign-in was cancelled or refused.')).toBeTruthy()
    expect(screen.queryByText(/secret server words/)).toBeNull()
    expect(screen.getByRole('button', { name: `Continue with ${server}` })).toBeTruthy()
    expect(window.location.search).toBe('')
  })

  it('a redirect off the allowlist is an error in the form, and nothing is opened', async () => {
    const { assign, view } = setup()
    view(<SignIn oauthRedirectTo="https://evil.example/" />)
    await userEvent.setup().click(await screen.findByRole('button', { name: `Continue with ${server}` }))
    expect(await screen.findByText('This return address is not allowed.')).toBeTruthy()
    expect(assign).not.toHaveBeenCalled()
  })
})
