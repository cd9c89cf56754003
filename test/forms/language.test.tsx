// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import type { ReactElement } from 'react'
import { afterEach, expect, it } from 'vitest'
import {
  AuthFlow,
  ChangePassword,
  EmailCodeSignIn,
  ForgotPassword,
  type Localization,
  LocalizationProvider,
  MfaChallenge,
  MfaSetup,
  Passkeys,
  ProviderButton,
  ResetPassword,
  Sessions,
  SignIn,
  SignUp,
  UserButton,
  VerifyEmail,
  en,
} from '../../src/forms/index.ts'
import { de } from '../../src/forms/locales/de.ts'
import { AuthProvider, createAuthClient, type AuthBackend } from '../../src/index.ts'
import { renderForm } from './helpers.tsx'
import { alice } from '../support/backend.tsx'

// A form is read in its own language (a screen reader picks the voice from `lang`) and laid out in its
// direction (`dir`), whatever the page around it says: both come from the localization's locale.

afterEach(cleanup)

const signedOut: Array<[string, (l: Localization) => ReactElement]> = [
  ['SignIn', (l) => <SignIn localization={l} />],
  ['SignUp', (l) => <SignUp localization={l} />],
  ['AuthFlow', (l) => <AuthFlow localization={l} />],
  ['ForgotPassword', (l) => <ForgotPassword localization={l} />],
  ['ResetPassword', (l) => <ResetPassword localization={l} />],
  ['VerifyEmail', (l) => <VerifyEmail localization={l} />],
  ['MfaChallenge', (l) => <MfaChallenge localization={l} />],
  ['EmailCodeSignIn', (l) => <EmailCodeSignIn email={alice.email} localization={l} />],
  ['ProviderButton', (l) => <ProviderButton provider="github" localization={l} />],
]
const signedIn: Array<[string, (l: Localization) => ReactElement]> = [
  ['ChangePassword', (l) => <ChangePassword localization={l} />],
  ['MfaSetup', (l) => <MfaSetup localization={l} />],
  ['Passkeys', (l) => <Passkeys localization={l} />],
  ['UserButton', (l) => <UserButton localization={l} />],
]

/** The element the component rendered at the top (the form's card, or its button). */
const root = (container: HTMLElement) => container.firstElementChild as HTMLElement

it('sets lang and dir on the root of every drop-in form from its localization', async () => {
  for (const [name, form] of [...signedOut, ...signedIn]) {
    const env = renderForm(form(de))
    if (signedIn.some(([n]) => n === name)) {
      await env.server.admin.createUser(alice)
      await env.client.signInWithPassword(alice)
    }
    await waitFor(() => expect(root(env.container), name).toBeTruthy())
    expect([name, root(env.container).lang, root(env.container).dir]).toEqual([name, 'de', 'ltr'])
    cleanup()
  }
})

it('sets them on the devices list too (a backend that lists devices)', async () => {
  const env = renderForm(null)
  cleanup()
  await env.server.admin.createUser(alice)
  const backend: AuthBackend = { ...env.client.backend, devices: { list: async () => [], revoke: async () => {} } }
  const client = createAuthClient({ backend, fetch: env.server.fetch, sync: false, locks: null })
  await client.signInWithPassword(alice)
  const { container } = render(
    <AuthProvider client={client}>
      <Sessions localization={de} />
    </AuthProvider>,
  )
  await waitFor(() => expect(root(container)).toBeTruthy())
  expect([root(container).lang, root(container).dir]).toEqual(['de', 'ltr'])
})

it('lays a right-to-left language out from the right, and a script subtag decides where one is given', async () => {
  const arabic = { ...en, locale: 'ar-EG' }
  const view = renderForm(<SignIn localization={arabic} />)
  expect([root(view.container).lang, root(view.container).dir]).toEqual(['ar-EG', 'rtl'])
  cleanup()
  // the provider takes effect for forms without a prop of their own
  const provided = renderForm(
    <LocalizationProvider localization={{ ...en, locale: 'az-Arab' }}>
      <ForgotPassword />
    </LocalizationProvider>,
  )
  expect(root(provided.container).dir).toBe('rtl')
  cleanup()
  const latin = renderForm(<SignIn localization={{ ...en, locale: 'ku-Latn' }} />)
  expect([root(latin.container).lang, root(latin.container).dir]).toEqual(['ku-Latn', 'ltr'])
  expect(screen.getByRole('heading', { name: 'Sign in' })).toBeTruthy()
})
