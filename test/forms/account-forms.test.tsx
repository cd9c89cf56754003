// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { AuthProvider, SignedIn, SignedOut, createAuthClient, useMfa, type AuthBackend, type DeviceSession } from '../../src/index.ts'
import { BackupCodes, MfaSetup, PasskeyButton, Passkeys, Sessions, SignIn, TotpSecret, UserButton } from '../../src/forms/index.ts'
import { installSoftwareAuthenticator } from '../../src/testing/index.ts'
import { expectAccessible, renderForm, tick } from './helpers.tsx'
import { alice, testBackend } from '../support/backend.tsx'
import { totpCode } from '../support/hooks.tsx'
import { de } from '../../src/forms/locales/de.ts'
import { addPasskey } from '../../src/core/flows/passkey.ts'

afterEach(cleanup)

describe('<MfaSetup />', () => {
  it('shows the QR code and the grouped secret with a copy button, confirms with a code, then turns off', async () => {
    const { server, client, clock, container } = renderForm(<MfaSetup issuer="Acme" />)
    await server.admin.createUser(alice)
    await client.signInWithPassword(alice)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Set up an authenticator app' }))
    const qr = await screen.findByRole('img', { name: 'QR code holding the key shown below' })
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/)
    const secret = container.querySelector('[data-keyward-secret] code')!.textContent!
    expect(secret).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/)
    const said = () => screen.getAllByRole('status').map((region) => region.textContent)
    expect(said()).not.toContain('Copied')
    await user.click(screen.getByRole('button', { name: 'Copy' }))
    expect(await navigator.clipboard.readText()).toBe(secret.replace(/ /g, ''))
    expect(screen.getByRole('button', { name: 'Copied' })).toBeTruthy()
    // the button keeps the focus, so its new label is not read out: a status region says it
    expect(said()).toContain('Copied')
    await expectAccessible(container)

    await user.type(screen.getByLabelText('Code'), '000000')
    await user.click(screen.getByRole('button', { name: 'Turn on' }))
    expect(await screen.findByText('That code is not right. Use the current code from your app.')).toBeTruthy()
    await user.clear(screen.getByLabelText('Code'))
    await user.type(screen.getByLabelText('Code'), totpCode(secret.replace(/ /g, ''), clock.now()))
    await user.click(screen.getByRole('button', { name: 'Turn on' }))
    expect(await screen.findByText('Two-step verification is on.')).toBeTruthy()
    expect(server.admin.getUser(alice.email)?.activeMfaType).toBe('totp')

    clock.advance(30_000)
    await user.type(screen.getByLabelText('Code'), totpCode(secret.replace(/ /g, ''), clock.now()))
    await user.click(screen.getByRole('button', { name: 'Turn off' }))
    expect(await screen.findByText('Two-step verification is off.')).toBeTruthy()
  })

  it('lends its parts to an app’s own setup page: the QR code and secret, and the backup codes', async () => {
    function OwnSetup() {
      const { setup, activate } = useMfa()
      if (!setup.data) return <button onClick={() => setup.mutate()}>Protect my account</button>
      return (
        <section>
          <h2>Step 1 of 2</h2>
          <TotpSecret secret={setup.data} />
          <BackupCodes codes={['abcd-efgh', 'ijkl-mnop']} />
          {activate.isSuccess && <p>On.</p>}
        </section>
      )
    }
    const { server, client, container } = renderForm(<OwnSetup />)
    await server.admin.createUser(alice)
    await client.signInWithPassword(alice)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Protect my account' }))
    expect((await screen.findByRole('img', { name: 'QR code holding the key shown below' })).getAttribute('src')).toMatch(/^data:image\/svg\+xml/)
    const secret = container.querySelector('[data-keyward-secret] code')!.textContent!
    expect(secret).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/)
    expect(within(container.querySelector('[data-keyward-backup-codes]')!).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['abcd-efgh', 'ijkl-mnop'])
    await user.click(within(container.querySelector('[data-keyward-secret]')!).getByRole('button', { name: 'Copy' }))
    expect(await navigator.clipboard.readText()).toBe(secret.replace(/ /g, ''))
    await expectAccessible(container)
  })
})

describe('<PasskeyButton /> and <Passkeys />', () => {
  it('adds a passkey for the signed-in user and signs in with it; a closed prompt leaves the form as it was, no error', async () => {
    const authenticator = installSoftwareAuthenticator()
    try {
      const { server, client, container } = renderForm(<Passkeys />)
      await server.admin.createUser(alice)
      await client.signInWithPassword(alice)
      const user = userEvent.setup()
      await user.click(await screen.findByRole('button', { name: 'Add a passkey' }))
      expect(await screen.findByText(/^Passkey added\./)).toBeTruthy()
      expect(server.admin.passkeys(alice.email)).toHaveLength(1)
      await expectAccessible(container)
      cleanup()

      await client.signOut()
      let signedIn = ''
      render(
        <AuthProvider client={client}>
          <SignIn passkeys onSignedIn={(s) => (signedIn = s.user?.email ?? '')} />
        </AuthProvider>,
      )
      authenticator.cancelNext()
      await user.click(screen.getByRole('button', { name: 'Sign in with a passkey' }))
      // the user closed the browser's sheet: nothing went wrong, the form is as it was
      await waitFor(() => expect(screen.getByRole('button', { name: 'Sign in with a passkey' }).getAttribute('data-state')).toBe('idle'))
      expect(screen.queryByText('The passkey request was cancelled.')).toBeNull()
      expect(document.querySelector('[data-keyward-form]')!.getAttribute('data-state')).toBe('idle')
      await user.click(screen.getByRole('button', { name: 'Sign in with a passkey' }))
      await waitFor(() => expect(signedIn).toBe(alice.email))
    } finally {
      authenticator.uninstall()
    }
  })

  it('<SignIn /> starts passkey autofill on its own only once this browser has used a passkey here; passkeys="autofill" from the first visit', async () => {
    localStorage.clear()
    const authenticator = installSoftwareAuthenticator()
    try {
      const { server, client } = testBackend()
      await server.admin.createUser(alice)
      const started = () => server.requests.filter((r) => r.path === '/signin/webauthn').length
      // a password user's page: the passkey button, but no conditional request and no challenge asked for
      const first = render(
        <AuthProvider client={client}>
          <SignIn />
        </AuthProvider>,
      )
      expect(await screen.findByRole('button', { name: 'Sign in with a passkey' })).toBeTruthy()
      await tick()
      await tick()
      expect(authenticator.autofillWaiting).toBe(false)
      expect(started()).toBe(0)
      first.unmount()
      // the app asks for autofill from the first visit
      const eager = render(
        <AuthProvider client={client}>
          <SignIn passkeys="autofill" />
        </AuthProvider>,
      )
      await waitFor(() => expect(authenticator.autofillWaiting).toBe(true))
      expect(started()).toBe(1)
      eager.unmount()
      await waitFor(() => expect(authenticator.autofillWaiting).toBe(false))
      // a passkey added in this browser: from then on the form offers it in autofill by itself
      await client.signInWithPassword(alice)
      await addPasskey(client)
      await client.signOut()
      render(
        <AuthProvider client={client}>
          <SignIn />
        </AuthProvider>,
      )
      await waitFor(() => expect(authenticator.autofillWaiting).toBe(true))
      expect(started()).toBe(2)
    } finally {
      authenticator.uninstall()
      localStorage.clear()
    }
  })

  it('<SignIn /> offers passkeys in autofill only while signed out: a session begun another way ends the request', async () => {
    const authenticator = installSoftwareAuthenticator()
    try {
      const { server, client } = testBackend()
      await server.admin.createUser(alice)
      await client.signInWithPassword(alice)
      await addPasskey(client)
      render(
        <AuthProvider client={client}>
          <SignIn passkeys />
        </AuthProvider>,
      )
      const started = () => server.requests.filter((r) => r.path === '/signin/webauthn').length
      const verified = () => server.requests.filter((r) => r.path === '/signin/webauthn/verify').length
      // signed in: the sign-in page asks for nothing (a pick would open a second session on the server)
      await tick()
      await tick()
      expect(authenticator.autofillWaiting).toBe(false)
      expect(started()).toBe(0)

      // signed out: the e-mail field offers the passkey
      await client.signOut()
      await waitFor(() => expect(authenticator.autofillWaiting).toBe(true))
      // the user signs in with the password (here, or in another tab): picking the passkey afterwards
      // signs nobody in a second time
      await client.signInWithPassword(alice)
      const token = client.getSnapshot().session?.accessToken
      await tick()
      // the prompt closed with it: nothing left to pick
      await waitFor(() => expect(authenticator.autofillWaiting).toBe(false))
      expect(verified()).toBe(0)
      expect(client.getSnapshot().session?.accessToken).toBe(token)
    } finally {
      authenticator.uninstall()
    }
  })

  it('renders nothing where the browser or backend cannot do passkeys', () => {
    renderForm(<PasskeyButton />)
    expect(screen.queryByRole('button')).toBeNull()
  })
})

describe('<UserButton />', () => {
  it('is a menu button: who is signed in, the app’s items, arrows between entries, Escape back to the button', async () => {
    const opened: string[] = []
    const { server, client, container } = renderForm(<UserButton items={[{ label: 'Settings', onSelect: () => opened.push('settings') }, { label: 'Billing', href: '#billing' }]} />)
    await server.admin.createUser({ ...alice, displayName: 'Alice Liddell' })
    await client.signInWithPassword(alice)
    const user = userEvent.setup()
    const button = await screen.findByRole('button', { name: 'Alice Liddell' })
    expect(button.getAttribute('aria-haspopup')).toBe('menu')
    expect(button.getAttribute('aria-expanded')).toBe('false')
    // initials where the user has no picture
    expect(container.querySelector('[data-keyward-avatar]')!.textContent).toBe('AL')
    // keyboard only: Tab to the button, Enter opens the menu on its first entry
    await user.tab()
    expect(document.activeElement).toBe(button)
    await user.keyboard('{Enter}')
    expect(button.getAttribute('aria-expanded')).toBe('true')
    const menu = screen.getByRole('menu', { name: 'Alice Liddell' })
    expect(within(menu).getAllByRole('menuitem').map((item) => item.textContent)).toEqual(['Settings', 'Billing', 'Sign out', 'Sign out everywhere'])
    expect(document.activeElement).toBe(within(menu).getByRole('menuitem', { name: 'Settings' }))
    // the identity: name and address
    expect(container.querySelector('[data-keyward-user-identity]')!.textContent).toContain(alice.email)
    await expectAccessible(container)
    await user.keyboard('{ArrowDown}')
    expect(document.activeElement!.textContent).toBe('Billing')
    await user.keyboard('{End}')
    expect(document.activeElement!.textContent).toBe('Sign out everywhere')
    await user.keyboard('{ArrowDown}')
    expect(document.activeElement!.textContent).toBe('Settings')
    await user.keyboard('{ArrowUp}')
    expect(document.activeElement!.textContent).toBe('Sign out everywhere')
    await user.keyboard('{Escape}')
    expect(button.getAttribute('aria-expanded')).toBe('false')
    expect(document.activeElement).toBe(button)
    // ArrowUp on the button opens on the last entry; an app item runs and closes the menu
    await user.keyboard('{ArrowUp}')
    expect(document.activeElement!.textContent).toBe('Sign out everywhere')
    await user.keyboard('{Home}{Enter}')
    expect(opened).toEqual(['settings'])
    expect(button.getAttribute('aria-expanded')).toBe('false')
  })

  it('closes on a click outside, on Tab out of it, and on Escape with focus on the button', async () => {
    const { server, client } = renderForm(
      <>
        <UserButton />
        <button type="button">Elsewhere</button>
      </>,
    )
    await server.admin.createUser({ ...alice, displayName: 'Alice' })
    await client.signInWithPassword(alice)
    const user = userEvent.setup()
    const button = await screen.findByRole('button', { name: 'Alice' })
    await user.click(button)
    expect(button.getAttribute('aria-expanded')).toBe('true')
    await user.click(document.body)
    expect(button.getAttribute('aria-expanded')).toBe('false')
    await user.click(button)
    expect(document.activeElement!.textContent).toBe('Sign out')
    await user.tab()
    expect(button.getAttribute('aria-expanded')).toBe('false')
    await user.click(button)
    button.focus()
    await user.keyboard('{Escape}')
    expect(button.getAttribute('aria-expanded')).toBe('false')
    expect(screen.queryByRole('menu')).toBeNull()
  })

  it('signs out from the menu and puts focus on the sign-in form that takes its place, not on <body>', async () => {
    const { server, client } = renderForm(
      <main>
        <SignedIn>
          <UserButton />
        </SignedIn>
        <SignedOut>
          <SignIn />
        </SignedOut>
      </main>,
    )
    await server.admin.createUser({ ...alice, displayName: 'Alice' })
    await client.signInWithPassword(alice)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Alice' }))
    await user.click(screen.getByRole('menuitem', { name: 'Sign out' }))
    await waitFor(() => expect(client.getSnapshot().status).toBe('signedOut'))
    expect(screen.queryByRole('button', { name: 'Alice' })).toBeNull()
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Sign in' })))
  })

  it('hands the moment after sign-out to the app, and shows the picture where the user has one', async () => {
    let signedOut = 0
    const { server, client, container } = renderForm(<UserButton onSignedOut={() => signedOut++} />)
    await server.admin.createUser({ ...alice, displayName: 'Alice', avatarUrl: 'https://example.com/alice.png' })
    await client.signInWithPassword(alice)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Alice' }))
    const picture = container.querySelector('img[data-keyward-avatar]')!
    expect(picture.getAttribute('src')).toBe('https://example.com/alice.png')
    expect(picture.getAttribute('alt')).toBe('')
    await user.click(screen.getByRole('menuitem', { name: 'Sign out' }))
    await waitFor(() => expect(signedOut).toBe(1))
  })
})

describe('<Sessions />', () => {
  /** A backend that lists sessions (the Nhost contract has none): the stub wraps the reference one. */
  function withSessions() {
    const env = renderForm(null)
    cleanup()
    let devices: DeviceSession[] = [
      { id: 'here', current: true, createdAt: null, expiresAt: null, description: 'Firefox on Linux', userAgent: null, lastActiveAt: null, ipAddress: null },
      { id: 'phone', current: false, createdAt: null, expiresAt: null, description: 'Safari on iPhone', userAgent: null, lastActiveAt: null, ipAddress: null },
    ]
    const revoked: string[] = []
    const backend: AuthBackend = {
      ...env.client.backend,
      devices: {
        list: async (session) => {
          if (!session.accessToken) throw new Error('no token')
          return devices
        },
        revoke: async (_session, id) => {
          revoked.push(id)
          devices = devices.filter((d) => d.id !== id)
        },
      },
    }
    const client = createAuthClient({ backend, fetch: env.server.fetch, sync: false, locks: null })
    return { ...env, client, revoked }
  }

  it('lists devices and signs another one out', async () => {
    const { server, client, revoked } = withSessions()
    await server.admin.createUser(alice)
    await client.signInWithPassword(alice)
    const { container } = render(
      <AuthProvider client={client}>
        <Sessions />
      </AuthProvider>,
    )
    await screen.findByText('Firefox on Linux')
    const list = screen.getByRole('list')
    expect(within(list).getAllByRole('listitem')[0]!.textContent).toBe('Firefox on LinuxThis device')
    await expectAccessible(container)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Sign out Safari on iPhone' }))
    await waitFor(() => expect(screen.queryByText('Safari on iPhone')).toBeNull())
    expect(revoked).toEqual(['phone'])
    expect(await screen.findByText('No other devices.')).toBeTruthy()
  })

  it('names each device from its user agent, this one first and marked, with when and where it was last active', async () => {
    const { server, client } = withSessions()
    const minutes = (n: number) => new Date(Date.now() - n * 60_000).toISOString()
    const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
    const android = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36'
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'
    const listed: DeviceSession[] = [
      { id: 'phone', current: false, createdAt: null, expiresAt: null, description: iphone, userAgent: iphone, lastActiveAt: minutes(5), ipAddress: '203.0.113.9' },
      { id: 'android', current: false, createdAt: null, expiresAt: null, description: android, userAgent: android, lastActiveAt: minutes(60 * 26), ipAddress: null },
      { id: 'here', current: true, createdAt: null, expiresAt: null, description: firefox, userAgent: firefox, lastActiveAt: minutes(0), ipAddress: null },
    ]
    const backend: AuthBackend = { ...client.backend, devices: { list: async () => listed, revoke: async () => {} } }
    const app = createAuthClient({ backend, fetch: server.fetch, sync: false, locks: null })
    await server.admin.createUser(alice)
    await app.signInWithPassword(alice)
    render(
      <AuthProvider client={app}>
        <Sessions localization={de} />
      </AuthProvider>,
    )
    const rows = await screen.findAllByRole('listitem')
    expect(rows.map((row) => row.querySelector('[data-keyward-device]')!.textContent)).toEqual([
      'Firefox unter LinuxDieses GerätAktiv jetzt',
      'Safari unter iPhoneAktiv vor 5 Minuten · 203.0.113.9',
      'Chrome unter AndroidAktiv gestern',
    ])
    // the raw user agent is nowhere on the page
    expect(document.body.textContent).not.toContain('Mozilla/5.0')
    expect(screen.getByRole('button', { name: 'Abmelden Safari unter iPhone' })).toBeTruthy()
  })

  it('renders nothing for a backend that cannot list sessions', async () => {
    const { server, client } = renderForm(<Sessions />)
    await server.admin.createUser(alice)
    await client.signInWithPassword(alice)
    expect(screen.queryByRole('heading')).toBeNull()
  })
})

describe('<UserButton /> across sessions', () => {
  it('starts closed after signing out and back in', async () => {
    const { server, client } = renderForm(<UserButton />)
    await server.admin.createUser({ ...alice, displayName: 'Alice' })
    await client.signInWithPassword(alice)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Alice' }))
    await user.click(screen.getByRole('menuitem', { name: 'Sign out' }))
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Alice' })).toBeNull())
    await client.signInWithPassword(alice)
    const button = await screen.findByRole('button', { name: 'Alice' })
    expect(button.getAttribute('aria-expanded')).toBe('false')
  })
})

describe('<Passkeys /> on a backend that lists passkeys', () => {
  it('lists them and removes one', async () => {
    const env = renderForm(null)
    cleanup()
    const none = { createdAt: null, credentialId: null, aaguid: null, lastUsedAt: null }
    let keys = [
      { id: 'k1', nickname: 'Laptop', ...none },
      { id: 'k2', nickname: null, ...none },
    ]
    const backend: AuthBackend = {
      ...env.client.backend,
      passkey: {
        ...env.client.backend.passkey!,
        list: async () => keys,
        remove: async (_session, id) => {
          keys = keys.filter((k) => k.id !== id)
        },
      },
    }
    const client = createAuthClient({ backend, fetch: env.server.fetch, sync: false, locks: null })
    await env.server.admin.createUser(alice)
    await client.signInWithPassword(alice)
    const { container } = render(
      <AuthProvider client={client}>
        <Passkeys />
      </AuthProvider>,
    )
    expect(await screen.findByText('Laptop', { selector: '[data-keyward-device]' })).toBeTruthy()
    expect(screen.getByText('Passkey', { selector: '[data-keyward-device]' })).toBeTruthy() // the unnamed one
    await expectAccessible(container)
    // each button names its passkey for screen readers
    await userEvent.setup().click(screen.getByRole('button', { name: 'Remove Laptop' }))
    await waitFor(() => expect(screen.queryByText('Laptop', { selector: '[data-keyward-device]' })).toBeNull())
  })
})

describe('<ChangePassword />', () => {
  it('checks the length, changes the password, and says so', async () => {
    const { ChangePassword } = await import('../../src/forms/index.ts')
    const { server, client, container } = renderForm(<ChangePassword />)
    await server.admin.createUser(alice)
    await client.signInWithPassword(alice)
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText('New password'), 'short')
    await user.click(screen.getByRole('button', { name: 'Change password' }))
    expect(screen.getByText('Use at least 9 characters.')).toBeTruthy()
    await expectAccessible(container)
    await user.clear(screen.getByLabelText('New password'))
    await user.type(screen.getByLabelText('New password'), 'a much longer password')
    await user.click(screen.getByRole('button', { name: 'Change password' }))
    expect(await screen.findByText('Your password has been changed.')).toBeTruthy()
    await client.signOut()
    await client.signInWithPassword({ email: alice.email, password: 'a much longer password' })
  })
})
