// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AuthFlow, ProviderButton, providerName, SignIn, SignInDivider, SignInEmail, SignInPassword, SignInProviders } from '../../src/forms/index.ts'
import { de } from '../../src/forms/locales/de.ts'
import { AuthError, AuthErrorCode, AuthProvider, type AuthBackend, type OAuthProvider } from '../../src/index.ts'
import type { NhostBackend } from '../../src/backends/nhost/index.ts'
import { alice, APP, AUTH_URL } from '../support/backend.tsx'
import { expectAccessible, renderForm } from './helpers.tsx'

// The sign-in's other ways in (issue 10): the backend's OAuth providers above an "or" divider, the
// page a provider returns to, and the identifier-first sign-in (e-mail, then password or a new account).

afterEach(cleanup)
beforeEach(() => window.history.replaceState(null, '', '/'))

const withProviders = (providers: OAuthProvider[]) => (backend: NhostBackend): AuthBackend => ({ ...backend, oauth: { ...backend.oauth, providers } })

/** The reference server's provider round trip, as a browser would make it: where the provider sends the browser back. */
async function providerReturn(server: { fetch: typeof fetch }, provider: string, redirectTo: string) {
  const start = await server.fetch(`${AUTH_URL}/signin/provider/${provider}?${new URLSearchParams({ redirectTo })}`, { redirect: 'manual' })
  const callback = await server.fetch(start.headers.get('location')!, { redirect: 'manual' })
  const back = new URL(callback.headers.get('location')!)
  return back.pathname + back.search
}

describe('OAuth providers', () => {
  it('shows the backend’s providers above the “or”, named as people know them', async () => {
    const { container } = renderForm(<SignIn />, { backend: withProviders([{ id: 'github' }, { id: 'acme', name: 'Acme ID' }, { id: 'discord' }]) })
    const buttons = screen.getAllByRole('button', { name: /^Continue with/ }).map((b) => b.textContent)
    expect(buttons).toEqual(['Continue with GitHub', 'Continue with Acme ID', 'Continue with Discord'])
    const divider = screen.getByRole('separator')
    // every provider before the divider, the e-mail field after it
    for (const button of screen.getAllByRole('button', { name: /^Continue with/ })) expect(button.compareDocumentPosition(divider) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(divider.compareDocumentPosition(screen.getByLabelText('Email')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    await expectAccessible(container)
  })

  it('draws the logos an app gives its providers (Simple Icons), as decoration beside the name', async () => {
    const { siGithub, siGoogle } = await import('simple-icons')
    const { container } = renderForm(<SignIn passkeys={false} />, { backend: withProviders([{ id: 'github', icon: siGithub }, { id: 'google', icon: siGoogle }, { id: 'acme', name: 'Acme ID' }]) })
    const github = screen.getByRole('button', { name: 'Continue with GitHub' })
    expect(github.querySelector('svg[aria-hidden="true"] path')!.getAttribute('d')).toBe(siGithub.path)
    expect(screen.getByRole('button', { name: 'Continue with Google' }).querySelector('path')!.getAttribute('d')).toBe(siGoogle.path)
    // a provider without a logo has none
    expect(screen.getByRole('button', { name: 'Continue with Acme ID' }).querySelector('svg')).toBeNull()
    await expectAccessible(container)
  })

  it('shows none where the adapter lists none, or where the app says so', () => {
    renderForm(<SignIn passkeys={false} />)
    expect(screen.queryByRole('button', { name: /^Continue with/ })).toBeNull()
    expect(screen.queryByRole('separator')).toBeNull()
    cleanup()
    renderForm(<SignIn passkeys={false} providers={[]} />, { backend: withProviders([{ id: 'github' }]) })
    expect(screen.queryByRole('button', { name: /^Continue with/ })).toBeNull()
    cleanup()
    renderForm(<SignIn passkeys={false} providers={['gitlab']} localization={de} />, { backend: withProviders([{ id: 'github' }]) })
    expect(screen.getByRole('button', { name: 'Weiter mit GitLab' })).toBeTruthy()
  })

  it('names providers by their brand', () => {
    expect(['github', 'gitlab', 'linkedin', 'spotify'].map((id) => providerName({ id }))).toEqual(['GitHub', 'GitLab', 'LinkedIn', 'Spotify'])
    // where the id is not the brand, the app names it
    expect(providerName({ id: 'azuread', name: 'Microsoft' })).toBe('Microsoft')
  })

  it('a redirectTo off the allowlist is an error in the form, and nothing is opened', async () => {
    const assign = vi.fn()
    vi.stubGlobal('location', Object.assign(new URL(window.location.href), { assign }))
    try {
      const errors: string[] = []
      renderForm(<ProviderButton provider="github" redirectTo="https://evil.example/" onError={(e) => errors.push(e.code)} />)
      await userEvent.setup().click(screen.getByRole('button', { name: 'Continue with GitHub' }))
      await waitFor(() => expect(errors).toEqual(['redirectTo-not-allowed']))
      expect(assign).not.toHaveBeenCalled()
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('sends the browser to the provider with this page, marked, as the way back', async () => {
    const assign = vi.fn()
    vi.stubGlobal('location', Object.assign(new URL(`${APP}/login`), { assign }))
    try {
      renderForm(<SignIn passkeys={false} />, { backend: withProviders([{ id: 'github' }]) })
      const button = screen.getByRole('button', { name: 'Continue with GitHub' })
      await userEvent.setup().click(button)
      await waitFor(() => expect(assign).toHaveBeenCalledOnce())
      const target = new URL(assign.mock.calls[0]![0] as string)
      expect(target.pathname).toBe('/v1/signin/provider/github')
      expect(target.searchParams.get('redirectTo')).toBe(`${APP}/login?keyward=sign-in`)
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('the page the provider returns to finishes the sign-in and cleans the address bar', async () => {
    const env = renderForm(<span />, { backend: withProviders([{ id: 'github' }]) })
    cleanup()
    window.history.replaceState(null, '', await providerReturn(env.server, 'github', `${APP}/?keyward=sign-in`))
    expect(window.location.search).toContain('refreshToken=')
    const signedIn = vi.fn()
    const { container } = render(
      <AuthProvider client={env.client}>
        <AuthFlow onSignedIn={signedIn} />
      </AuthProvider>,
    )
    expect(await screen.findByRole('heading', { name: 'You are signed in.' })).toBeTruthy()
    expect(env.client.getSnapshot().user?.email).toBe('github-user@example.com')
    expect(signedIn).toHaveBeenCalledOnce()
    expect(window.location.search).toBe('')
    await expectAccessible(container)
  })

  it('a provider that refused the sign-in is said in the form, and the address bar is cleaned', async () => {
    window.history.replaceState(null, '', '/?keyward=sign-in&error=unverified-user&errorDescription=secret%20server%20words')
    renderForm(<SignIn />)
    expect(await screen.findByText('Verify your email address first. Check your inbox.')).toBeTruthy()
    expect(screen.queryByText(/secret server words/)).toBeNull()
    expect(screen.getByLabelText('Email')).toBeTruthy()
    expect(window.location.search).toBe('')
  })

  it('the mark alone (a reload after the sign-in) shows the form', async () => {
    window.history.replaceState(null, '', '/?keyward=sign-in')
    renderForm(<SignIn />)
    expect(await screen.findByLabelText('Email')).toBeTruthy()
    expect(document.querySelector('[data-keyward-message]')?.textContent).toBe('')
    expect(window.location.search).toBe('')
  })
})

describe('identifier-first sign-in', () => {
  it('asks for the e-mail address, then the password, and signs in', async () => {
    const env = renderForm(<SignIn identifierFirst passkeys={false} />)
    await env.server.admin.createUser(alice)
    const user = userEvent.setup()
    expect(screen.queryByLabelText('Password')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    await waitFor(() => expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true'))
    await user.type(screen.getByLabelText('Email'), alice.email)
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    const password = await screen.findByLabelText('Password')
    // the address stays in view, for the user and for password managers
    expect(screen.getByText(alice.email)).toBeTruthy()
    expect((document.querySelector('input[autocomplete="username"]') as HTMLInputElement).value).toBe(alice.email)
    await waitFor(() => expect(document.activeElement).toBe(password))
    expect(env.server.requests.length).toBe(0)
    await expectAccessible(document.body)

    await user.type(password, 'not the password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText('Wrong email or password.', { exact: false })).toBeTruthy()
    await user.clear(password)
    await user.type(password, alice.password)
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('heading', { name: 'You are signed in.' })).toBeTruthy()
    expect(env.client.getSnapshot().user?.email).toBe(alice.email)
  })

  it('“Use another email” goes back to the address, kept for editing', async () => {
    renderForm(<SignIn identifierFirst passkeys={false} />)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), 'typo@example.con')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    await user.click(await screen.findByRole('button', { name: 'Use another email' }))
    const email = screen.getByLabelText('Email') as HTMLInputElement
    expect(email.value).toBe('typo@example.con')
    await waitFor(() => expect(document.activeElement).toBe(email))
    expect(screen.queryByLabelText('Password')).toBeNull()
  })

  it('where the backend can tell, offers a new account for an unknown address, and the sign-up starts with it', async () => {
    const lookups: string[] = []
    const env = renderForm(<AuthFlow signIn={{ identifierFirst: true, passkeys: false }} />, {
      backend: (backend) => ({
        ...backend,
        signIn: {
          ...backend.signIn,
          async accountExists({ email }) {
            lookups.push(email)
            return email === alice.email
          },
        },
      }),
    })
    await env.server.admin.createUser(alice)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), 'new@example.com')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    expect(await screen.findByText('There is no account for new@example.com.')).toBeTruthy()
    expect(screen.queryByLabelText('Password')).toBeNull()
    await expectAccessible(document.body)

    // a known address goes on to the password
    await user.clear(screen.getByLabelText('Email'))
    await user.type(screen.getByLabelText('Email'), alice.email)
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    expect(await screen.findByLabelText('Password')).toBeTruthy()
    expect(screen.queryByText(/There is no account/)).toBeNull()

    await user.click(screen.getByRole('button', { name: 'Use another email' }))
    await user.clear(screen.getByLabelText('Email'))
    await user.type(screen.getByLabelText('Email'), 'new@example.com')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    await user.click(await screen.findByRole('button', { name: 'Create an account' }))
    expect(await screen.findByRole('heading', { name: 'Create your account' })).toBeTruthy()
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('new@example.com')
    expect(lookups).toEqual(['new@example.com', alice.email, 'new@example.com'])
  })

  it('a lookup that fails is said in the form, and the e-mail step stays', async () => {
    renderForm(<SignIn identifierFirst passkeys={false} />, {
      backend: (backend) => ({
        ...backend,
        signIn: {
          ...backend.signIn,
          accountExists: async () => {
            throw new AuthError(AuthErrorCode.NetworkError, 'The server could not be reached')
          },
        },
      }),
    })
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), alice.email)
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    expect(await screen.findByText('You seem to be offline. Check your connection and try again.')).toBeTruthy()
    expect(screen.queryByLabelText('Password')).toBeNull()
  })
})

describe('<SignIn /> composed from its parts', () => {
  it('takes the parts in the app’s order, with its own content between them, and still signs in', async () => {
    const env = renderForm(
      <SignIn passkeys={false}>
        <SignInEmail />
        <SignInPassword />
        <p>Or use your work account:</p>
        <SignInDivider />
        <SignInProviders />
      </SignIn>,
      { backend: withProviders([{ id: 'github' }]) },
    )
    await env.server.admin.createUser(alice)
    const email = screen.getByLabelText('Email')
    const note = screen.getByText('Or use your work account:')
    const provider = screen.getByRole('button', { name: 'Continue with GitHub' })
    // the app's order: the password form first, the provider last, the app's own line between
    expect(email.compareDocumentPosition(screen.getByLabelText('Password')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(screen.getByLabelText('Password').compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(note.compareDocumentPosition(provider) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    await expectAccessible(env.container)
    const user = userEvent.setup()
    await user.type(email, alice.email)
    await user.type(screen.getByLabelText('Password'), alice.password)
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('heading', { name: 'You are signed in.' })).toBeTruthy()
  })

  it('leaves out what the app leaves out: no providers without <SignInProviders />', () => {
    renderForm(
      <SignIn passkeys={false}>
        <SignInEmail />
        <SignInPassword />
      </SignIn>,
      { backend: withProviders([{ id: 'github' }]) },
    )
    expect(screen.queryByRole('button', { name: 'Continue with GitHub' })).toBeNull()
    expect(screen.getByLabelText('Password')).toBeTruthy()
  })

  it('says where a part belongs when it is rendered outside <SignIn />', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => renderForm(<SignInPassword />)).toThrow('<SignInPassword /> is a part of <SignIn />')
    quiet.mockRestore()
  })
})
