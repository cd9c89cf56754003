// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, expect, it } from 'vitest'
import {
  AuthFlow,
  ChangePassword,
  ForgotPassword,
  MfaChallenge,
  MfaSetup,
  Passkeys,
  ResetPassword,
  Sessions,
  SignIn,
  SignUp,
  UserButton,
  VerifyEmail,
} from '../../src/forms/index.ts'
import { AuthProvider, type AuthBackend, type DeviceSession } from '../../src/index.ts'
import type { NhostBackend } from '../../src/backends/nhost/index.ts'
import { alice } from '../support/backend.tsx'
import { expectAccessible, renderForm } from './helpers.tsx'

// axe (WCAG 2.x A/AA; contrast is the Chromium suite's) on every view of every drop-in form, in the
// state a user meets first and after a failed submit. The Storybook suite does the same in Chromium,
// light and dark.

afterEach(cleanup)
beforeEach(() => window.history.replaceState(null, '', '/'))

const devices: DeviceSession[] = [
  { id: 'here', current: true, createdAt: null, expiresAt: null, description: 'Firefox on Linux', userAgent: null, lastActiveAt: null, ipAddress: null },
  { id: 'phone', current: false, createdAt: null, expiresAt: null, description: 'Safari on iPhone', userAgent: null, lastActiveAt: null, ipAddress: null },
]
const rich = (backend: NhostBackend): AuthBackend => ({
  ...backend,
  oauth: { ...backend.oauth, providers: ['github'] },
  devices: { list: async () => devices, revoke: async () => {} },
})

interface View {
  name: string
  ui: ReactNode
  signedIn?: boolean
  /** Drives the view to the state to check; resolves once it is there. */
  reach?: () => Promise<unknown>
}

const submit = (name: string) => async () => {
  await userEvent.setup().click(screen.getByRole('button', { name }))
  await waitFor(() => expect(document.querySelector('[aria-invalid="true"]')).not.toBeNull())
}

const views: View[] = [
  { name: 'SignIn', ui: <SignIn onSignUp={() => {}} onForgotPassword={() => {}} /> },
  { name: 'SignIn, invalid fields', ui: <SignIn />, reach: submit('Sign in') },
  { name: 'SignIn, identifier-first password step', ui: <SignIn identifierFirst />, reach: async () => {
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), alice.email)
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    await screen.findByLabelText('Password')
  } },
  { name: 'SignUp', ui: <SignUp onSignIn={() => {}} /> },
  { name: 'SignUp, invalid fields', ui: <SignUp />, reach: submit('Create account') },
  { name: 'ForgotPassword', ui: <ForgotPassword onBack={() => {}} /> },
  { name: 'ForgotPassword, sent', ui: <ForgotPassword />, reach: async () => {
    await userEvent.setup().type(screen.getByLabelText('Email'), alice.email)
    await userEvent.setup().click(screen.getByRole('button', { name: 'Send link' }))
    await screen.findByText('If an account exists for that address, a link is on its way.')
  } },
  { name: 'ResetPassword without a link', ui: <ResetPassword onRequestNewLink={() => {}} />, reach: () => screen.findByText('This link has expired or was already used. Ask for a new one.') },
  { name: 'VerifyEmail without a link', ui: <VerifyEmail />, reach: () => screen.findByText('Open this page from the link in your verification email.') },
  { name: 'MfaChallenge', ui: <MfaChallenge ticket="mfaTotp:x" />, reach: submit('Verify') },
  { name: 'AuthFlow', ui: <AuthFlow /> },
  { name: 'MfaSetup', ui: <MfaSetup />, signedIn: true, reach: () => screen.findByRole('heading', { name: 'Two-step verification' }) },
  { name: 'ChangePassword', ui: <ChangePassword />, signedIn: true, reach: submit('Change password') },
  { name: 'Passkeys', ui: <Passkeys />, signedIn: true },
  { name: 'Sessions', ui: <Sessions />, signedIn: true, reach: () => screen.findAllByText('Safari on iPhone') },
  { name: 'UserButton, open', ui: <UserButton />, signedIn: true, reach: async () => {
    await userEvent.setup().click(await screen.findByRole('button', { expanded: false }))
    await screen.findByRole('menuitem', { name: 'Sign out' })
  } },
]

it.for(views)('$name passes axe', async (view) => {
  const env = renderForm(null, { backend: rich })
  cleanup()
  await env.server.admin.createUser(alice)
  if (view.signedIn) await env.client.signInWithPassword(alice)
  const { container } = render(<AuthProvider client={env.client}>{view.ui}</AuthProvider>)
  await view.reach?.()
  expect(container.querySelector('[data-keyward-form], [data-keyward-user-button]')).not.toBeNull()
  await expectAccessible(container)
})
