// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { useState } from 'react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AuthFlow, type AuthView, EmailCodeSignIn, ForgotPassword, LocalizationProvider, ResetPassword, SignIn, SignUp, SignUpEmail, SignUpExtraFields, SignUpPassword } from '../../src/forms/index.ts'
import { de } from '../../src/forms/locales/de.ts'
import { ja } from '../../src/forms/locales/ja.ts'
import { expectAccessible, renderForm } from './helpers.tsx'
import { APP, alice } from '../support/backend.tsx'
import { SignedOut } from '../../src/index.ts'
import { follow, totpCode } from '../support/hooks.tsx'

afterEach(cleanup)
beforeEach(() => window.history.replaceState(null, '', '/'))

async function fillSignIn(email: string, password: string) {
  const user = userEvent.setup()
  await user.type(screen.getByLabelText('Email'), email)
  await user.type(screen.getByLabelText('Password'), password)
  return user
}

describe('<SignIn />', () => {
  it('is accessible: labelled fields, autocomplete tokens, named form', async () => {
    const { container } = renderForm(<SignIn onSignUp={() => {}} onForgotPassword={() => {}} />)
    expect(screen.getByRole('form', { name: 'Sign in' })).toBeTruthy()
    expect(screen.getByLabelText('Email').getAttribute('autocomplete')).toMatch(/^username/)
    expect(screen.getByLabelText('Password').getAttribute('autocomplete')).toBe('current-password')
    await expectAccessible(container)
  })

  it('shows field errors with aria-invalid and aria-describedby, focuses the first, sends nothing', async () => {
    const { server, container } = renderForm(<SignIn />)
    const before = server.requests.length
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), 'not-an-email')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    const email = screen.getByLabelText('Email')
    // validation is async (the schemas load with the first check)
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'))
    expect(document.getElementById(email.getAttribute('aria-describedby')!)?.textContent).toBe('Enter an email address like name@example.com.')
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(email)
    expect(server.requests.length).toBe(before)
    await expectAccessible(container)
  })

  it('signs in, and calls onSignedIn with the session', async () => {
    let signedIn: string | undefined
    const { server } = renderForm(<SignIn onSignedIn={(s) => (signedIn = s.user?.email ?? undefined)} />)
    await server.admin.createUser(alice)
    const user = await fillSignIn(alice.email, alice.password)
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(signedIn).toBe(alice.email))
    expect(await screen.findByText('You are signed in.')).toBeTruthy()
  })

  it('shows a wrong password as a friendly message in the live region, never the server text', async () => {
    const { server } = renderForm(<SignIn />)
    await server.admin.createUser(alice)
    const user = await fillSignIn(alice.email, 'wrong password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    const live = await waitFor(() => {
      const region = document.querySelector('[aria-live="polite"][data-keyward-message="error"]')
      expect(region?.textContent).toBe('Wrong email or password.')
      return region!
    })
    expect(live.textContent).not.toContain('Incorrect') // hasura-auth's own message
  })

  it('maps a server 500 to a localized message', async () => {
    const { server } = renderForm(<SignIn />)
    server.inject({ path: '/signin/email-password', fault: { kind: 'status', status: 500, body: '{"error":"internal-server-error","status":500,"message":"db down at 10.0.0.3"}' } })
    const user = await fillSignIn(alice.email, alice.password)
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText('Something went wrong on our side. Try again in a moment.')).toBeTruthy()
    expect(document.body.textContent).not.toContain('10.0.0.3')
  })

  it('sends one request for a double submit, and shows progress while it runs', async () => {
    const { server } = renderForm(<SignIn />)
    await server.admin.createUser(alice)
    server.inject({ path: '/signin/email-password', fault: { kind: 'delay', ms: 150 } })
    await fillSignIn(alice.email, alice.password)
    const form = screen.getByRole('form', { name: 'Sign in' })
    act(() => {
      fireEvent.submit(form)
      fireEvent.submit(form)
    })
    await waitFor(() => expect(screen.getByRole('button', { name: 'Please wait…' }).getAttribute('aria-disabled')).toBe('true'))
    expect(form.getAttribute('data-state')).toBe('submitting')
    await screen.findByText('You are signed in.')
    expect(server.count('/signin/email-password')).toBe(1)
  })

  it('asks for the two-step code, moving focus to its heading; a wrong code is explained', async () => {
    const { server, clock, container } = renderForm(<SignIn />)
    await server.admin.createUser(alice)
    const secret = server.admin.enableTotp(alice.email)
    const user = await fillSignIn(alice.email, alice.password)
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    const heading = await screen.findByRole('heading', { name: 'Two-step verification' })
    await waitFor(() => expect(document.activeElement).toBe(heading))
    const code = screen.getByLabelText('Code')
    expect(code.getAttribute('autocomplete')).toBe('one-time-code')
    expect(code.getAttribute('inputmode')).toBe('numeric')
    await expectAccessible(container)

    await user.type(code, '000000')
    await user.click(screen.getByRole('button', { name: 'Verify' }))
    // a verdict about the code lands on the code field: invalid, described by the message, focused
    await waitFor(() => expect(code.getAttribute('aria-invalid')).toBe('true'))
    expect(document.getElementById(code.getAttribute('aria-describedby')!)?.textContent).toBe('That code is not right. Use the current code from your app.')
    expect(document.activeElement).toBe(code)
    await user.clear(code)
    await user.type(code, totpCode(secret, clock.now()))
    await user.click(screen.getByRole('button', { name: 'Verify' }))
    expect(await screen.findByText('You are signed in.')).toBeTruthy()
  })

  it('hides what the backend cannot do', async () => {
    const env = renderForm(<SignIn onSignUp={() => {}} onForgotPassword={() => {}} />)
    expect(screen.getByRole('button', { name: 'Forgot password?' })).toBeTruthy()
    cleanup()
    const { AuthProvider, createAuthClient, withoutCapabilities } = await import('../../src/index.ts')
    const limited = createAuthClient({ backend: withoutCapabilities(env.backend, ['signUp', 'passwordReset', 'passkeys']), fetch: env.server.fetch })
    const { render } = await import('@testing-library/react')
    render(
      <AuthProvider client={limited}>
        <SignIn onSignUp={() => {}} onForgotPassword={() => {}} />
      </AuthProvider>,
    )
    expect(screen.queryByRole('button', { name: 'Forgot password?' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Create one' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Sign in with a passkey' })).toBeNull()
  })

  it('speaks German, or Japanese, from a LocalizationProvider or a prop', async () => {
    renderForm(
      <LocalizationProvider localization={de}>
        <SignIn onSignUp={() => {}} />
      </LocalizationProvider>,
    )
    expect(screen.getByRole('form', { name: 'Anmelden' })).toBeTruthy()
    expect(screen.getByLabelText('Passwort')).toBeTruthy()
    cleanup()
    renderForm(<SignIn localization={ja} />)
    expect(screen.getByLabelText('メールアドレス')).toBeTruthy()
  })
})

describe('<SignIn /> with a code by e-mail', () => {
  const sam = 'sam@example.com'

  it('sends a code to the address typed, signs in with it, and explains a wrong one under the field', async () => {
    let signedIn: string | undefined
    const { server, container } = renderForm(<SignIn onSignedIn={(s) => (signedIn = s.user?.email ?? undefined)} />)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), sam)
    await user.click(screen.getByRole('button', { name: 'Email me a sign-in code' }))
    const form = screen.getByRole('form', { name: 'Sign in with a code' })
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe(sam)
    await expectAccessible(container)
    await user.click(screen.getByRole('button', { name: 'Send code' }))
    expect((await screen.findByRole('status')).textContent).toBe(`Enter the code we sent to ${sam}.`)
    const field = screen.getByLabelText('Code')
    await waitFor(() => expect(document.activeElement).toBe(field))
    expect(field.getAttribute('autocomplete')).toBe('one-time-code')
    // the e-mailed code is digits: a phone shows its number pad
    expect(field.getAttribute('inputmode')).toBe('numeric')
    const { code } = server.lastMessage(sam, 'email-otp')

    await user.type(field, code === '000000' ? '111111' : '000000')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'))
    expect(document.getElementById(field.getAttribute('aria-describedby')!)?.textContent).toBe('That code is not right, or it expired.')
    expect(form.textContent).not.toContain(code!)
    await expectAccessible(container)

    await user.clear(field)
    await user.type(field, code!)
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(signedIn).toBe(sam))
    expect(await screen.findByText('You are signed in.')).toBeTruthy()
  })

  it('checks the address before sending, sends a new code on request, and goes back to the password', async () => {
    const { server } = renderForm(<SignIn />)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Email me a sign-in code' }))
    const sent = () => server.requests.filter((r) => r.path === '/signin/otp/email').length
    await user.type(screen.getByLabelText('Email'), 'not-an-email')
    await user.click(screen.getByRole('button', { name: 'Send code' }))
    await waitFor(() => expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true'))
    expect(sent()).toBe(0)

    await user.clear(screen.getByLabelText('Email'))
    await user.type(screen.getByLabelText('Email'), sam)
    await user.click(screen.getByRole('button', { name: 'Send code' }))
    await screen.findByLabelText('Code')
    const first = server.lastMessage(sam, 'email-otp').code
    await user.click(screen.getByRole('button', { name: 'Send a new code' }))
    await waitFor(() => expect(server.outbox.filter((m) => m.to === sam && m.kind === 'email-otp')).toHaveLength(2))
    expect(server.lastMessage(sam, 'email-otp').code).not.toBe(first)
    expect(sent()).toBe(2)
    // a wrong code is said here…
    await user.type(screen.getByLabelText('Code'), '000000')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    const said = 'That code is not right, or it expired.'
    expect(await screen.findByText(said)).toBeTruthy()

    // …and not carried back to the password form
    await user.click(screen.getByRole('button', { name: 'Back' }))
    expect(await screen.findByRole('form', { name: 'Sign in' })).toBeTruthy()
    expect(screen.getByLabelText('Password')).toBeTruthy()
    expect(document.body.textContent).not.toContain(said)
  })

  it('is offered only where the backend sends codes, and speaks the form’s language', async () => {
    const env = renderForm(<SignIn localization={de} />)
    expect(screen.getByRole('button', { name: 'Anmeldecode per E-Mail erhalten' })).toBeTruthy()
    cleanup()
    const { AuthProvider, createAuthClient, withoutCapabilities } = await import('../../src/index.ts')
    const limited = createAuthClient({ backend: withoutCapabilities(env.backend, ['emailOtp']), fetch: env.server.fetch })
    const { render } = await import('@testing-library/react')
    render(
      <AuthProvider client={limited}>
        <SignIn />
        <EmailCodeSignIn />
      </AuthProvider>,
    )
    expect(screen.queryByRole('button', { name: 'Email me a sign-in code' })).toBeNull()
    expect(screen.queryByRole('form', { name: 'Sign in with a code' })).toBeNull()
  })
})

describe('<SignUp />', () => {
  it('signs up, or shows "check your email" and can resend the link', async () => {
    const { server, container } = renderForm(<SignUp redirectTo={`${APP}/welcome`} />, { requireEmailVerification: true })
    const user = userEvent.setup()
    expect(screen.getByLabelText('Password').getAttribute('autocomplete')).toBe('new-password')
    await user.type(screen.getByLabelText('Email'), alice.email)
    await user.type(screen.getByLabelText('Password'), 'short')
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    expect(screen.getByText('Use at least 9 characters.')).toBeTruthy()
    await user.clear(screen.getByLabelText('Password'))
    await user.type(screen.getByLabelText('Password'), alice.password)
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    const heading = await screen.findByRole('heading', { name: 'Check your email' })
    await waitFor(() => expect(document.activeElement).toBe(heading))
    expect(screen.getByText(`We sent a link to ${alice.email}. Open it to verify your address, then sign in.`)).toBeTruthy()
    await expectAccessible(container)
    await user.click(screen.getByRole('button', { name: 'Send the link again' }))
    expect(await screen.findByText('Sent. Check your inbox.')).toBeTruthy()
    expect(server.outbox.filter((m) => m.kind === 'email-verification')).toHaveLength(2)
  })

  it('explains a taken address', async () => {
    const { server } = renderForm(<SignUp />)
    await server.admin.createUser(alice)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), alice.email)
    await user.type(screen.getByLabelText('Password'), alice.password)
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    expect(await screen.findByText('An account with this email already exists.')).toBeTruthy()
  })
})

describe('<ForgotPassword /> and <ResetPassword />', () => {
  it('sends the link, then the link opens a page that sets the new password', async () => {
    const env = renderForm(<ForgotPassword redirectTo={`${APP}/reset`} />)
    await env.server.admin.createUser(alice)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), alice.email)
    await user.click(screen.getByRole('button', { name: 'Send link' }))
    expect(await screen.findByText('If an account exists for that address, a link is on its way.')).toBeTruthy()
    await expectAccessible(env.container)
    cleanup()

    window.history.replaceState(null, '', await follow(env.server, env.server.lastMessage(alice.email, 'password-reset').link!))
    const { AuthProvider } = await import('../../src/index.ts')
    const { render } = await import('@testing-library/react')
    const view = render(
      <AuthProvider client={env.client}>
        <ResetPassword />
      </AuthProvider>,
    )
    const field = await screen.findByLabelText('New password')
    expect(window.location.search).toBe('')
    await expectAccessible(view.container)
    await user.type(field, 'a brand new password')
    await user.click(screen.getByRole('button', { name: 'Save password' }))
    expect(await screen.findByText('Your password has been changed.')).toBeTruthy()
    await env.client.signOut()
    await env.client.signInWithPassword({ email: alice.email, password: 'a brand new password' })
  })

  it('explains a used or expired reset link', async () => {
    window.history.replaceState(null, '', '/reset?error=invalid-ticket&errorDescription=Invalid%20ticket')
    renderForm(<ResetPassword />)
    expect(await screen.findByText('This link has expired or was already used. Ask for a new one.')).toBeTruthy()
  })
})

describe('<AuthFlow />', () => {
  it('routes sign-in → forgot password → back, and sign-in → sign-up, moving focus to each step', async () => {
    const { container } = renderForm(<AuthFlow />)
    const user = userEvent.setup()
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Forgot password?' }))
    const forgot = screen.getByRole('heading', { name: 'Reset your password' })
    await waitFor(() => expect(document.activeElement).toBe(forgot))
    await user.click(screen.getByRole('button', { name: 'Back' }))
    await user.click(screen.getByRole('button', { name: 'Create one' }))
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Create your account' })))
    await expectAccessible(container)
  })

  it('can be completed with the keyboard alone, including the two-step code', async () => {
    let done = false
    const { server, clock } = renderForm(<AuthFlow onSignedIn={() => (done = true)} />)
    await server.admin.createUser(alice)
    const secret = server.admin.enableTotp(alice.email)
    const user = userEvent.setup()
    await user.tab()
    expect(document.activeElement).toBe(screen.getByLabelText('Email'))
    await user.keyboard(alice.email)
    await user.tab()
    await user.keyboard(`${alice.password}{Enter}`)
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Two-step verification' })))
    await user.tab()
    expect(document.activeElement).toBe(screen.getByLabelText('Code'))
    await user.keyboard(`${totpCode(secret, clock.now())}{Enter}`)
    await waitFor(() => expect(done).toBe(true))
  })
})

describe('loose ends of the forms', () => {
  it('says which fields are required, and the two-step code has a way back to the password', async () => {
    const { server } = renderForm(<AuthFlow />)
    await server.admin.createUser(alice)
    server.admin.enableTotp(alice.email)
    expect(screen.getByLabelText('Email').getAttribute('aria-required')).toBe('true')
    expect(screen.getByLabelText('Password').getAttribute('aria-required')).toBe('true')
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), alice.email)
    await user.type(screen.getByLabelText('Password'), `${alice.password}{Enter}`)
    await screen.findByRole('heading', { name: 'Two-step verification' })
    expect(screen.getByLabelText('Code').getAttribute('inputmode')).toBe('numeric')
    await user.click(screen.getByRole('button', { name: 'Back' }))
    await screen.findByRole('heading', { name: 'Sign in' })
    // the address is kept; the abandoned step is gone: signing in again asks for the code again
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe(alice.email)
    await user.clear(screen.getByLabelText('Password'))
    await user.type(screen.getByLabelText('Password'), `${alice.password}{Enter}`)
    await screen.findByRole('heading', { name: 'Two-step verification' })
  })
})

describe('<AuthFlow /> in the URL', () => {
  const heading = (name: string) => screen.findByRole('heading', { name })

  it('puts the view in ?auth=, so Back and Forward move between views (focus on each heading) and a link opens one', async () => {
    const start = window.location.href
    renderForm(<AuthFlow />)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Create one' }))
    expect(new URL(window.location.href).searchParams.get('auth')).toBe('sign-up')
    await heading('Create your account')
    window.history.back()
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Sign in' })))
    expect(window.location.href).toBe(start)
    window.history.forward()
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Create your account' })))
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    await heading('Sign in')
    await user.click(screen.getByRole('button', { name: 'Forgot password?' }))
    expect(new URL(window.location.href).searchParams.get('auth')).toBe('forgot-password')
    cleanup()
    // a deep link: the page opened with the view in its address, which keeps its other parameters
    window.history.replaceState(null, '', '/account?tab=2&auth=sign-up')
    renderForm(<AuthFlow />)
    expect(await heading('Create your account')).not.toBe(document.activeElement)
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(window.location.pathname + window.location.search).toBe('/account?tab=2&auth=sign-in')
  })

  it('takes the view out of the address once signed in: after a sign-out the flow starts at the sign-in', async () => {
    const { client } = renderForm(
      <SignedOut>
        <AuthFlow />
      </SignedOut>,
    )
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Create one' }))
    expect(new URL(window.location.href).searchParams.get('auth')).toBe('sign-up')
    await user.type(screen.getByLabelText('Email'), 'new@example.com')
    await user.type(screen.getByLabelText('Password'), 'correct horse battery{Enter}')
    await waitFor(() => expect(client.getSnapshot().status).toBe('signedIn'))
    expect(new URL(window.location.href).searchParams.get('auth')).toBeNull()
    await act(() => client.signOut())
    expect(await heading('Sign in')).toBeTruthy()
  })

  it('keeps it in the hash, in the app’s router, or nowhere, as the app chooses', async () => {
    const user = userEvent.setup()
    renderForm(<AuthFlow routing="hash" />)
    await user.click(screen.getByRole('button', { name: 'Forgot password?' }))
    expect(window.location.hash).toBe('#forgot-password')
    window.history.back()
    await heading('Sign in')
    cleanup()

    const asked: string[] = []
    function Routed() {
      const [view, setView] = useState<AuthView | null>('signUp')
      return (
        <AuthFlow
          routing={{
            view,
            navigate: (next) => {
              asked.push(next)
              setView(next)
            },
          }}
        />
      )
    }
    const before = window.location.href
    renderForm(<Routed />)
    await heading('Create your account')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Sign in' })))
    expect(asked).toEqual(['signIn'])
    expect(window.location.href).toBe(before)
    cleanup()

    renderForm(<AuthFlow routing="none" />)
    await user.click(screen.getByRole('button', { name: 'Create one' }))
    await heading('Create your account')
    expect(window.location.href).toBe(before)
  })
})

describe('parts', () => {
  it('work inside an app’s own react-hook-form form: its resolver, its layout, the hook in handleSubmit', async () => {
    const { useSignIn } = await import('../../src/index.ts')
    const { useForm, FormProvider } = await import('react-hook-form')
    const { Form, Field, Label, Input, FieldError, FieldDescription, TextField, Message, SubmitButton, errorText, en } = await import('../../src/forms/index.ts')
    function MySignIn() {
      const methods = useForm({
        defaultValues: { email: '', password: '' },
        // the app's own rules, in its own words
        resolver: async (values: { email: string; password: string }) =>
          values.email.endsWith('@example.com') ? { values, errors: {} } : { values: {} as Record<string, never>, errors: { email: { type: 'domain', message: 'Use your example.com address.' } } },
      })
      const { signIn, error } = useSignIn()
      return (
        <FormProvider {...methods}>
          <Form aria-label="My sign-in" onSubmit={methods.handleSubmit((values) => signIn(values).catch(() => {}))}>
            <Field name="email" described>
              <Label>Work email</Label>
              <Input type="email" autoComplete="username" aria-describedby="app-hint" />
              <FieldDescription>The one on your badge.</FieldDescription>
              <FieldError />
            </Field>
            <p id="app-hint">We never share it.</p>
            <TextField name="password" label="Password" type="password" autoComplete="current-password" />
            <Message tone="error" message={errorText(en, error)} />
            <SubmitButton>Sign in</SubmitButton>
          </Form>
        </FormProvider>
      )
    }
    const { server, container } = renderForm(<MySignIn />)
    await server.admin.createUser(alice)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Work email'), 'alice@elsewhere.org')
    await user.type(screen.getByLabelText('Password'), 'wrong password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    const email = screen.getByLabelText('Work email')
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'))
    const described = email.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent)
    expect(described).toEqual(['We never share it.', 'The one on your badge.', 'Use your example.com address.'])
    expect(document.activeElement).toBe(email)
    expect(server.count('/signin/email-password')).toBe(0)
    await user.clear(email)
    await user.type(email, alice.email)
    // the error leaves as the field is fixed, not on blur
    expect(email.getAttribute('aria-invalid')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText('Wrong email or password.')).toBeTruthy()
    await expectAccessible(container)
  })

  it('run the app’s handlers first; preventDefault() there skips keyward’s', async () => {
    const { Form, TextField, SubmitButton, useAuthForm, en } = await import('../../src/forms/index.ts')
    const { emailSchema } = await import('../../src/forms/schemas.ts')
    const { FormProvider } = await import('react-hook-form')
    const sent: string[] = []
    const seen: string[] = []
    let quiet = false
    function Guarded() {
      const { form, submit } = useAuthForm({ l: en, defaultValues: { email: '' }, schema: emailSchema })
      return (
        <FormProvider {...form}>
          <Form aria-label="Guarded" onSubmit={submit(async ({ email }) => void sent.push(email))}>
            <TextField
              name="email"
              label="Email"
              onChange={(event) => {
                seen.push(event.currentTarget.value)
                if (quiet) event.preventDefault()
              }}
            />
            <SubmitButton onClick={(event) => sent.length > 0 && event.preventDefault()}>Send</SubmitButton>
          </Form>
        </FormProvider>
      )
    }
    renderForm(<Guarded />)
    const user = userEvent.setup()
    const email = screen.getByLabelText('Email')
    await user.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'))
    // the app's handler runs and prevents keyward's: the field is not re-checked as it is typed
    quiet = true
    await user.type(email, 'a@example.com')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(seen.at(-1)).toBe('a@example.com')
    expect(email.getAttribute('aria-invalid')).toBe('true')
    // without the guard, keyward's handler re-checks it on the next keystroke
    quiet = false
    await user.type(email, ' ')
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBeNull())
    // the app's click handler can stop a second submission
    await user.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(sent).toEqual(['a@example.com']))
    await user.click(screen.getByRole('button', { name: 'Send' }))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(sent).toEqual(['a@example.com'])
  })
})

describe('<SignUp /> composed from its parts', () => {
  it('takes the parts in the app’s order, with its own content between them, and still checks and sends every field', async () => {
    const env = renderForm(
      <SignUp fields={[{ name: 'company', label: 'Company', autoComplete: 'organization' }]}>
        <SignUpExtraFields />
        <p>Your sign-in details:</p>
        <SignUpEmail />
        <SignUpPassword />
      </SignUp>,
    )
    const company = screen.getByLabelText('Company')
    const note = screen.getByText('Your sign-in details:')
    const email = screen.getByLabelText('Email')
    expect(company.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(note.compareDocumentPosition(email) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    await expectAccessible(env.container)
    const user = userEvent.setup()
    await user.type(company, 'Analytical Engines')
    await user.type(email, 'not an address')
    await user.type(screen.getByLabelText('Password'), alice.password)
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    // still checked where it stands
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'))
    await user.clear(email)
    await user.type(email, alice.email)
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    await waitFor(() => expect(env.client.getSnapshot().user?.email).toBe(alice.email))
    expect(env.server.admin.getUser(alice.email)?.metadata).toMatchObject({ company: 'Analytical Engines' })
  })
})
