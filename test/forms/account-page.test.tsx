// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { Account, UserButton } from '../../src/forms/index.ts'
import { de } from '../../src/forms/locales/de.ts'
import { AuthProvider, localStorageStorage } from '../../src/index.ts'
import { expectAccessible, renderForm } from './helpers.tsx'
import { alice, testBackend } from '../support/backend.tsx'
import { follow } from '../support/hooks.tsx'

// <Account />: the account page composed from the parts by what the backend offers, used the way a
// user does (the keyboard alone, a link from the inbox).

afterEach(() => {
  cleanup()
  localStorage.clear()
})

const headings = () => screen.getAllByRole('heading').map((heading) => heading.textContent)

describe('<Account />', () => {
  it('shows the sections the backend offers, in order, and only while signed in', async () => {
    const { server, client, container } = renderForm(<Account issuer="Acme" />)
    expect(container.innerHTML).toBe('')
    await server.admin.createUser({ ...alice, displayName: 'Alice Liddell' })
    await client.signInWithPassword(alice)
    // Nhost: e-mail, password, TOTP and passkeys; no list of devices, no signing out the others
    await waitFor(() => expect(headings()).toEqual(['Profile', 'Change email', 'Passkeys', 'Change password', 'Two-step verification']))
    const profile = screen.getByRole('group', { name: 'Profile' }) ?? null
    expect(profile.textContent).toContain('Alice Liddell')
    expect(profile.textContent).toContain(`${alice.email} Verified`)
    expect(profile.textContent).toMatch(/Member since \w+ \d+, \d{4}/)
    await expectAccessible(container)
    await client.signOut()
    await waitFor(() => expect(container.innerHTML).toBe(''))
  })

  it('takes the sections an app picks, in its order, in the forms’ language', async () => {
    const { server, client } = renderForm(<Account sections={['password', 'profile', 'devices']} localization={de} />)
    await server.admin.createUser(alice)
    await client.signInWithPassword(alice)
    await waitFor(() => expect(headings()).toEqual(['Passwort ändern', 'Profil']))
    expect(document.querySelector('[data-keyward-account]')!.getAttribute('lang')).toBe('de')
  })

  it('changes the e-mail address with the keyboard alone, and the link from the new inbox confirms it', async () => {
    const env = testBackend({ client: { storage: localStorageStorage() } })
    await env.server.admin.createUser(alice)
    await env.client.signInWithPassword(alice)
    render(
      <AuthProvider client={env.client}>
        <UserButton />
        <Account sections={['profile', 'email']} />
      </AuthProvider>,
    )
    const user = userEvent.setup()
    await screen.findByRole('heading', { name: 'Change email' })
    const form = screen.getByRole('form', { name: 'Change email' })
    expect(within(form).getByText(`Your email is ${alice.email}.`)).toBeTruthy()
    // the menu's button, then the new address: nothing in between takes a Tab
    await user.tab()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: alice.email }))
    await user.tab()
    expect(document.activeElement).toBe(within(form).getByLabelText('New email'))
    await user.keyboard('not-an-address{Enter}')
    expect(await within(form).findByText('Enter an email address like name@example.com.')).toBeTruthy()
    await user.clear(within(form).getByLabelText('New email'))
    await user.keyboard('alice@new.example{Enter}')
    expect(await within(form).findByText('We sent a link to alice@new.example. Open it to confirm your new address.')).toBeTruthy()

    // the link, opened from the new inbox: a new load of this page
    const landed = await follow(env.server, env.server.lastMessage('alice@new.example', 'email-change').link!)
    cleanup()
    window.history.replaceState(null, '', landed)
    const page = env.makeClient({ storage: localStorageStorage() })
    render(
      <AuthProvider client={page}>
        <Account sections={['profile', 'email']} />
      </AuthProvider>,
    )
    expect(await screen.findByText('Your email is verified.')).toBeTruthy()
    await waitFor(() => expect(screen.getByRole('group', { name: 'Profile' }).textContent).toContain('alice@new.example'))
  })

  it('where the server confirms a deletion by e-mail first, says where the link went and stays signed in', async () => {
    const asked: Array<{ password?: string | undefined }> = []
    const { server, client } = renderForm(<Account sections={['delete']} />, {
      backend: (backend) => ({ ...backend, account: { deleteNeedsPassword: false, delete: async (_session, input) => (asked.push(input), 'confirm-by-email' as const) } }),
    })
    await server.admin.createUser(alice)
    await client.signInWithPassword(alice)
    const user = userEvent.setup()
    // no password where the backend asks for none: one button
    await user.click(await screen.findByRole('button', { name: 'Delete account' }))
    expect(await screen.findByText(`We sent a link to ${alice.email}. Open it to confirm that your account should be deleted.`)).toBeTruthy()
    expect(asked).toEqual([{ password: undefined }])
    expect(client.getSnapshot().status).toBe('signedIn')
  })
})
