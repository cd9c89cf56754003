// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { supabase } from '../../src/backends/supabase/index.ts'
import { AuthProvider, createAuthClient, memoryStorage, type AuthBackend, type DeviceSession } from '../../src/index.ts'
import { Sessions } from '../../src/forms/index.ts'
import { expectAccessible } from './helpers.tsx'
import { supabaseStandIn } from '../standins/supabase.ts'

// "Sign out all other devices" in <Sessions />: on Supabase (scope=others, no list of sessions) the
// card is only that button; where the backend lists sessions it follows the list.

afterEach(cleanup)

const PASSWORD = 'correct horse battery'

describe('<Sessions /> signing out the other devices', () => {
  it('on Supabase: ends the other device, keeps this one, and says so', async () => {
    const standIn = supabaseStandIn({ autoconfirm: true })
    const backend = supabase({ url: 'https://project.supabase.test', anonKey: standIn.anonKey })
    const client = () => createAuthClient({ backend, fetch: standIn.fetch, storage: memoryStorage(), sync: false, locks: null })
    const here = client()
    const there = client()
    const email = `others-${crypto.randomUUID().slice(0, 8)}@example.com`
    expect(await here.signUp({ email, password: PASSWORD })).toMatchObject({ kind: 'session' })
    await there.signInWithPassword({ email, password: PASSWORD })
    const { container } = render(
      <AuthProvider client={here}>
        <Sessions />
      </AuthProvider>,
    )
    expect(await screen.findByRole('heading', { name: 'Signed-in devices' })).toBeTruthy()
    // no list to show: Supabase has none
    expect(screen.queryByRole('list')).toBeNull()
    await expectAccessible(container)
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign out all other devices' }))
    expect(await screen.findByText('Every other device is signed out. This one stays signed in.')).toBeTruthy()
    await expect(there.refresh()).rejects.toMatchObject({ code: 'invalid-refresh-token' })
    expect(here.getSnapshot().status).toBe('signedIn')
    expect(await here.refresh()).toMatchObject({ user: { email } })
  })

  it('where sessions are listed: the button follows the list, which is read again (only this device left)', async () => {
    const standIn = supabaseStandIn({ autoconfirm: true })
    const base = supabase({ url: 'https://project.supabase.test', anonKey: standIn.anonKey })
    let devices: DeviceSession[] = [
      { id: 'here', current: true, createdAt: null, expiresAt: null, description: 'Firefox on Linux', userAgent: null, lastActiveAt: null, ipAddress: null },
      { id: 'phone', current: false, createdAt: null, expiresAt: null, description: 'Safari on iPhone', userAgent: null, lastActiveAt: null, ipAddress: null },
    ]
    const backend: AuthBackend = {
      ...base,
      session: { ...base.session, signOutOthers: async () => void (devices = devices.filter((d) => d.current)) },
      devices: { list: async () => devices, revoke: async () => {} },
    }
    const here = createAuthClient({ backend, fetch: standIn.fetch, storage: memoryStorage(), sync: false, locks: null })
    await here.signUp({ email: `listed-${crypto.randomUUID().slice(0, 8)}@example.com`, password: PASSWORD })
    render(
      <AuthProvider client={here}>
        <Sessions />
      </AuthProvider>,
    )
    await screen.findByText('Firefox on Linux')
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign out all other devices' }))
    await waitFor(() => expect(screen.queryAllByText('Safari on iPhone')).toEqual([]))
    expect(screen.getByText('Every other device is signed out. This one stays signed in.')).toBeTruthy()
    // nothing left to end: the button goes
    expect(screen.queryByRole('button', { name: 'Sign out all other devices' })).toBeNull()
  })

  it('a refusal is said in the card and the session stays', async () => {
    const standIn = supabaseStandIn({ autoconfirm: true })
    const backend = supabase({ url: 'https://project.supabase.test', anonKey: standIn.anonKey })
    let down = false
    const here = createAuthClient({ backend, fetch: (input, init) => (down ? Promise.reject(new TypeError('Failed to fetch')) : standIn.fetch(input, init)), storage: memoryStorage(), sync: false, locks: null })
    await here.signUp({ email: `down-${crypto.randomUUID().slice(0, 8)}@example.com`, password: PASSWORD })
    render(
      <AuthProvider client={here}>
        <Sessions />
      </AuthProvider>,
    )
    down = true
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Sign out all other devices' }))
    expect(await screen.findByText('You seem to be offline. Check your connection and try again.')).toBeTruthy()
    expect(screen.queryByText('Every other device is signed out. This one stays signed in.')).toBeNull()
    expect(here.getSnapshot().status).toBe('signedIn')
  })
})
