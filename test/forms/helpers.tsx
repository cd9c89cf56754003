import { act, cleanup, render, screen } from '@testing-library/react'
import type { UserEvent } from '@testing-library/user-event'
import axe from 'axe-core'
import type { ReactNode } from 'react'
import { expect } from 'vitest'
import { AuthFlow } from '../../src/forms/index.ts'
import { type AuthClient, AuthProvider, SignedIn, SignedOut, useUser } from '../../src/index.ts'
import { testBackend, type TestBackendOptions } from '../support/backend.tsx'

/** Renders forms under an AuthProvider wired to a fresh reference backend. */
export function renderForm(ui: ReactNode, options: TestBackendOptions = {}) {
  const env = testBackend(options)
  const view = render(<AuthProvider client={env.client}>{ui}</AuthProvider>)
  return { ...env, ...view }
}

/** No WCAG 2.x A/AA violations axe can detect in `container`. */
export async function expectAccessible(container: Element) {
  // color-contrast needs layout; jsdom has none (the Chromium suite checks contrast)
  const result = await axe.run(container, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    rules: { 'color-contrast': { enabled: false } },
  })
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
}

export const tick = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))

/** Asks <AuthFlow /> for a reset link as a user does: "Forgot password?", the address, "Send link". */
export async function askForResetLink(user: UserEvent, email: string) {
  await user.click(await screen.findByRole('button', { name: 'Forgot password?' }))
  await user.type(screen.getByLabelText('Email'), email)
  await user.click(screen.getByRole('button', { name: 'Send link' }))
  await screen.findByText('If an account exists for that address, a link is on its way.')
}

function Account() {
  const user = useUser()
  return <p>Signed in as {user?.email}</p>
}

/** The README's mounting: the flow while signed out, the app ("Signed in as …") while signed in. */
export function ReadmeApp({ client }: { client: AuthClient }) {
  return (
    <AuthProvider client={client}>
      <SignedOut>
        <AuthFlow />
      </SignedOut>
      <SignedIn>
        <Account />
      </SignedIn>
    </AuthProvider>
  )
}

/** A new load of the page at `url` (the old page gone) with `client`, the README's mounting. */
export function openReadmePage(url: string, client: AuthClient) {
  cleanup()
  window.history.replaceState(null, '', url)
  render(<ReadmeApp client={client} />)
  return client
}
