// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AuthFlow, ChangePassword, MfaSetup, ResetPassword, SignUp, VerifyEmail } from '../../src/forms/index.ts'
import { requestPasswordReset } from '../../src/core/flows/account.ts'
import { AuthProvider, type AuthBackend } from '../../src/index.ts'
import { alice } from '../support/backend.tsx'
import { follow, totpCode } from '../support/hooks.tsx'
import { expectAccessible, renderForm } from './helpers.tsx'

// What a new user ran into with the drop-in forms (issue 10) that jsdom can show; the layout, mouse
// and focus ones are in test/e2e/form-defects.e2e.test.ts.

afterEach(cleanup)
beforeEach(() => window.history.replaceState(null, '', '/'))

const card = (text: string) => screen.getByText(text).closest('[data-keyward-form]')

describe('each e-mail opens its own view of <AuthFlow />', () => {
  it('the sign-up verification link verifies the address; it never asks for a new password', async () => {
    const env = renderForm(<AuthFlow />, { requireEmailVerification: true })
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Create one' }))
    await user.type(screen.getByLabelText('Email'), alice.email)
    await user.type(screen.getByLabelText('Password'), alice.password)
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    await screen.findByRole('heading', { name: 'Check your email' })
    cleanup()

    window.history.replaceState(null, '', await follow(env.server, env.server.lastMessage(alice.email, 'email-verification').link!))
    const view = render(
      <AuthProvider client={env.client}>
        <AuthFlow />
      </AuthProvider>,
    )
    expect(await screen.findByText('Your email is verified.')).toBeTruthy()
    expect(screen.queryByText('Choose a new password')).toBeNull()
    expect(window.location.search).toBe('')
    await expectAccessible(view.container)
  })

  it('the reset link asks for the new password', async () => {
    const env = renderForm(<AuthFlow />)
    await env.server.admin.createUser(alice)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Forgot password?' }))
    await user.type(screen.getByLabelText('Email'), alice.email)
    await user.click(screen.getByRole('button', { name: 'Send link' }))
    await screen.findByText('If an account exists for that address, a link is on its way.')
    cleanup()

    window.history.replaceState(null, '', await follow(env.server, env.server.lastMessage(alice.email, 'password-reset').link!))
    render(
      <AuthProvider client={env.client}>
        <AuthFlow />
      </AuthProvider>,
    )
    expect(await screen.findByLabelText('New password')).toBeTruthy()
    expect(screen.getByRole('heading', { name: 'Choose a new password' })).toBeTruthy()
    expect(window.location.search).toBe('')
  })
})

describe('passwords and the backend’s policy', () => {
  it('says what to do with a password over the server’s 50 characters, and sends nothing', async () => {
    const { server } = renderForm(<SignUp />)
    const user = userEvent.setup()
    const password = screen.getByLabelText('Password')
    // the limits are told up front
    expect(document.getElementById(password.getAttribute('aria-describedby')!)?.textContent).toBe('Use 9 to 50 characters.')
    await user.type(screen.getByLabelText('Email'), alice.email)
    await user.type(password, 'x'.repeat(51))
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    expect(await screen.findByText('Use at most 50 characters.')).toBeTruthy()
    expect(password.getAttribute('aria-invalid')).toBe('true')
    // the error stands in the hint's place: one sentence about the length, not two
    expect(screen.queryByText('Use 9 to 50 characters.')).toBeNull()
    expect(password.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent)).toEqual(['Use at most 50 characters.'])
    expect(server.count('/signup/email-password')).toBe(0)
    expect(screen.queryByText('Something went wrong. Try again.')).toBeNull()
    // fixed, the hint is back
    await user.clear(password)
    await user.type(password, 'x'.repeat(20))
    expect(await screen.findByText('Use 9 to 50 characters.')).toBeTruthy()
  })

  it('says a 10,000-character address is no address, on its field, and sends nothing', async () => {
    const { server } = renderForm(<SignUp />)
    const user = userEvent.setup()
    const email = screen.getByLabelText('Email')
    // pasted, as such an address would be
    await user.click(email)
    await user.paste(`${'a'.repeat(10_000)}@example.com`)
    await user.type(screen.getByLabelText('Password'), 'long enough password')
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    expect(await screen.findByText('Enter an email address like name@example.com.')).toBeTruthy()
    expect(email.getAttribute('aria-invalid')).toBe('true')
    expect(screen.queryByText('Something went wrong. Try again.')).toBeNull()
    expect(server.count('/signup/email-password')).toBe(0)
  })

  it('puts a server verdict about a field on that field: a taken address marks the e-mail input', async () => {
    const { server } = renderForm(<SignUp />)
    await server.admin.createUser(alice)
    const user = userEvent.setup()
    const email = screen.getByLabelText('Email')
    await user.type(email, alice.email)
    await user.type(screen.getByLabelText('Password'), alice.password)
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'))
    expect(document.getElementById(email.getAttribute('aria-describedby')!)?.textContent).toBe('An account with this email already exists.')
    expect(document.activeElement).toBe(email)
  })

  it('says a changed password the same way after a reset and after a change, inside the card', async () => {
    const env = renderForm(<ChangePassword />)
    await env.server.admin.createUser(alice)
    await env.client.signInWithPassword(alice)
    const user = userEvent.setup()
    // password managers see whose password this is
    expect(document.querySelector('input[autocomplete="username"]')?.getAttribute('value')).toBe(alice.email)
    await user.type(await screen.findByLabelText('New password'), 'a much longer password')
    await user.click(screen.getByRole('button', { name: 'Change password' }))
    expect(await screen.findByText('Your password has been changed.')).toBeTruthy()
    const changed = card('Your password has been changed.')
    expect(changed?.getAttribute('data-state')).toBe('success')
    cleanup()

    await env.client.signOut()
    await requestPasswordReset(env.client, { email: alice.email, redirectTo: 'http://localhost:3000/reset' })
    window.history.replaceState(null, '', await follow(env.server, env.server.lastMessage(alice.email, 'password-reset').link!))
    render(
      <AuthProvider client={env.client}>
        <ResetPassword />
      </AuthProvider>,
    )
    await user.type(await screen.findByLabelText('New password'), 'another long password')
    await user.click(screen.getByRole('button', { name: 'Save password' }))
    expect(await screen.findByText('Your password has been changed.')).toBeTruthy()
    expect(card('Your password has been changed.')?.getAttribute('data-state')).toBe('success')
  })
})

describe('<VerifyEmail />', () => {
  it('opened without a link, says so and sends a new one; it never claims the address is verified', async () => {
    const { server, container } = renderForm(<VerifyEmail />)
    await server.admin.createUser({ ...alice, emailVerified: false })
    expect(await screen.findByText('Open this page from the link in your verification email.')).toBeTruthy()
    expect(screen.queryByText('Your email is verified.')).toBeNull()
    await expectAccessible(container)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), alice.email)
    await user.click(screen.getByRole('button', { name: 'Send the link again' }))
    expect(await screen.findByText('Sent. Check your inbox.')).toBeTruthy()
    expect(server.outbox.filter((m) => m.kind === 'email-verification' && m.to === alice.email)).toHaveLength(1)
  })

  it('opened with a spent link, says it is spent and offers a new one', async () => {
    const env = renderForm(null, { requireEmailVerification: true })
    cleanup()
    await env.client.signUp({ ...alice, redirectTo: 'http://localhost:3000/verify' })
    const link = env.server.lastMessage(alice.email, 'email-verification').link!
    await follow(env.server, link)
    window.history.replaceState(null, '', await follow(env.server, link))
    render(
      <AuthProvider client={env.client}>
        <VerifyEmail />
      </AuthProvider>,
    )
    expect(await screen.findByText('This link has expired or was already used.')).toBeTruthy()
    expect(screen.queryByText('This step has expired. Start again.')).toBeNull()
    expect(screen.getByRole('button', { name: 'Send the link again' })).toBeTruthy()
  })
})

describe('<MfaSetup /> once TOTP is on', () => {
  it('says two-step verification is on, and explains turning it off, which is not the primary action', async () => {
    const { server, client, clock, container } = renderForm(<MfaSetup />)
    await server.admin.createUser(alice)
    await client.signInWithPassword(alice)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Set up an authenticator app' }))
    const secret = (await screen.findByText((_, element) => element?.tagName === 'CODE' && element.parentElement?.hasAttribute('data-keyward-secret') === true)).textContent!
    await user.type(screen.getByLabelText('Code'), totpCode(secret.replace(/ /g, ''), clock.now()))
    await user.click(screen.getByRole('button', { name: 'Turn on' }))
    expect(await screen.findByText('Two-step verification is on.')).toBeTruthy()
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Two-step verification')
    expect(screen.queryByRole('heading', { name: 'Set up an authenticator app' })).toBeNull()
    expect(screen.getByText('Enter a code from your authenticator app to turn it off.')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Turn off' }).getAttribute('data-keyward-variant')).toBe('danger')
    // the field is empty, not holding the code that turned it on
    expect((screen.getByLabelText('Code') as HTMLInputElement).value).toBe('')
    await expectAccessible(container)
  })
})

describe('extending <SignUp /> without copying it', () => {
  it('renders the app’s extra field with keyward’s parts, validates it with its own schema, and stores its value as user metadata', async () => {
    const { client, container } = renderForm(<SignUp fields={[{ name: 'company', label: 'Company', autoComplete: 'organization', schema: z.string().trim().min(2, 'Enter your company.') }]} />)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), alice.email)
    await user.type(screen.getByLabelText('Password'), alice.password)
    await user.type(screen.getByLabelText('Company'), 'A')
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    const company = screen.getByLabelText('Company')
    await waitFor(() => expect(company.getAttribute('aria-invalid')).toBe('true'))
    expect(screen.getByText('Enter your company.')).toBeTruthy()
    await expectAccessible(container)
    await user.type(company, 'cme Corp ')
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    await waitFor(() => expect(client.getSnapshot().status).toBe('signedIn'))
    // the server stored it and sends it back with the user
    expect(client.getSnapshot().user?.metadata).toEqual({ company: 'Acme Corp' })
  })

  it('asks for the backend’s own sign-up fields, required ones checked, and sends them as fields', async () => {
    let sent: Record<string, string> | undefined
    const { server } = renderForm(<SignUp />, {
      backend: (base) =>
        ({
          ...base,
          signUp: {
            fields: [
              { name: 'first_name', kind: 'givenName', required: true },
              { name: 'phone', kind: 'phone', required: false },
            ],
            withPassword: (input, ctx) => {
              sent = input.fields ? { ...input.fields } : undefined
              return base.signUp.withPassword(input, ctx)
            },
          },
        }) satisfies AuthBackend,
    })
    const user = userEvent.setup()
    expect(screen.getByLabelText('First name').getAttribute('autocomplete')).toBe('given-name')
    expect(screen.getByLabelText('Phone number').getAttribute('type')).toBe('tel')
    await user.type(screen.getByLabelText('Email'), alice.email)
    await user.type(screen.getByLabelText('Password'), alice.password)
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    await waitFor(() => expect(screen.getByLabelText('First name').getAttribute('aria-invalid')).toBe('true'))
    expect(server.count('/signup/email-password')).toBe(0)
    await user.type(screen.getByLabelText('First name'), ' Alice ')
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    await waitFor(() => expect(sent).toEqual({ first_name: 'Alice' }))
  })
})
