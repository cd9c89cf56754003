// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AuthFlow, EmailLinkSignIn, SignIn } from '../../src/forms/index.ts'
import { de } from '../../src/forms/locales/de.ts'
import type { AuthBackend } from '../../src/index.ts'
import type { NhostBackend } from '../../src/backends/nhost/index.ts'
import { alice, postJson } from '../support/backend.tsx'
import { expectAccessible, renderForm } from './helpers.tsx'

// The sign-in by e-mailed link in the forms: offered by <SignIn /> (and so <AuthFlow />) where the
// backend has links and no e-mailed codes (Auth.js's e-mail provider), sent to the page it is on.

afterEach(cleanup)
beforeEach(() => window.history.replaceState(null, '', '/sign-in'))

/** The reference backend's adapter with its links and without its e-mailed codes, as Auth.js's is. */
const linksOnly = (backend: NhostBackend): AuthBackend => ({ ...backend, passwordless: { magicLink: backend.passwordless.magicLink } })

describe('<EmailLinkSignIn /> and <SignIn />', () => {
  it('offers the link where the backend has links and no codes, sends it to this page, and says where it went', async () => {
    const user = userEvent.setup()
    const { server, container } = renderForm(<AuthFlow />, { backend: linksOnly })
    await postJson(server, '/signup/email-password', alice)
    await user.type(await screen.findByLabelText('Email'), alice.email)
    await user.click(screen.getByRole('button', { name: 'Email me a sign-in link' }))
    const form = await screen.findByRole('form', { name: 'Sign in with a link' })
    // the address typed in the sign-in form is kept
    expect(screen.getByLabelText('Email')).toHaveProperty('value', alice.email)
    await user.click(screen.getByRole('button', { name: 'Send link' }))
    expect(await screen.findByText(`Check your email: we sent a sign-in link to ${alice.email}.`)).toBeTruthy()
    const sent = server.outbox.filter((m) => m.kind === 'magic-link' && m.to === alice.email)
    expect(sent).toHaveLength(1)
    // the link leads back to this page, marked as a sign-in
    expect(decodeURIComponent(sent[0]!.link ?? '')).toContain('/sign-in?keyward=sign-in')
    await expectAccessible(container)
    // sent again from the same step
    await user.click(screen.getByRole('button', { name: 'Send the link again' }))
    await waitFor(() => expect(server.outbox.filter((m) => m.kind === 'magic-link' && m.to === alice.email)).toHaveLength(2))
    await user.click(screen.getByRole('button', { name: 'Back' }))
    expect(await screen.findByRole('form', { name: 'Sign in' })).toBeTruthy()
    expect(form.isConnected).toBe(false)
  })

  it('offers the code, not the link, where the backend has both; neither where the app turns them off', async () => {
    renderForm(<SignIn passkeys={false} />)
    expect(await screen.findByRole('button', { name: 'Email me a sign-in code' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Email me a sign-in link' })).toBeNull()
    cleanup()
    renderForm(<SignIn passkeys={false} emailLink={false} />, { backend: linksOnly })
    await screen.findByRole('form', { name: 'Sign in' })
    expect(screen.queryByRole('button', { name: 'Email me a sign-in link' })).toBeNull()
  })

  it('speaks the localization given, and says a malformed address in it before sending', async () => {
    const user = userEvent.setup()
    const { server } = renderForm(<EmailLinkSignIn localization={de} />, { backend: linksOnly })
    await user.type(await screen.findByLabelText('E-Mail'), 'not an address')
    await user.click(screen.getByRole('button', { name: 'Link senden' }))
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'E-Mail' }).getAttribute('aria-invalid')).toBe('true'))
    expect(server.outbox.filter((m) => m.kind === 'magic-link')).toHaveLength(0)
  })

  it('renders nothing where the backend has no links', () => {
    const { container } = renderForm(<EmailLinkSignIn />, { backend: (b) => ({ ...b, passwordless: { emailOtpStart: b.passwordless.emailOtpStart, emailOtpVerify: b.passwordless.emailOtpVerify } }) })
    expect(container.innerHTML).toBe('')
  })
})
