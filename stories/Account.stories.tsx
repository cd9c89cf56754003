import type { ReactElement } from 'react'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import type { DeviceSession, PasskeyInfo } from 'keyward'
import { Account, PasskeyButton, PasskeyOffer, Passkeys, Sessions, UserButton } from 'keyward/forms'
import { he } from 'keyward/forms/locales/he'
import { type AuthStory, DEMO_USER, signedIn, withAuth } from './backend.tsx'

/** Room for the open menu (it is drawn over the page, outside the button's box). */
const room = (Story: () => ReactElement, { parameters }: { parameters: { ownLayout?: boolean } }) =>
  parameters.ownLayout ? (
    <Story />
  ) : (
    <div style={{ display: 'flex', justifyContent: 'flex-end', alignItems: 'flex-start', minWidth: '18rem', minHeight: '17rem' }}>
      <Story />
    </div>
  )

const meta = { title: 'Forms/Account', component: UserButton, decorators: [room, withAuth], parameters: { auth: signedIn } } satisfies Meta<typeof UserButton>
export default meta
type Story = StoryObj<typeof meta>

export const Menu: Story = {}

export const MenuOpen: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(await canvas.findByRole('button', { name: DEMO_USER.displayName }))
    await waitFor(() => expect(canvas.getByRole('menuitem', { name: 'Sign out' })).toHaveFocus())
  },
}

/** The account page, composed by what the backend offers (the reference backend: no list of devices). */
export const AccountPage: StoryObj<typeof Account> = { render: () => <Account issuer="Keyward stories" /> }

/** The account page on a backend that lets users delete their account (a stub of the operation). */
export const AccountPageWithDelete: StoryObj<typeof Account> = {
  render: () => <Account sections={['profile', 'delete']} />,
  parameters: {
    auth: { ...signedIn, backend: (backend) => ({ ...backend, account: { deleteNeedsPassword: true, delete: async () => 'deleted' as const } }) } satisfies AuthStory,
  },
}

/** The account page right to left, in Hebrew. */
export const AccountPageHebrew: StoryObj<typeof Account> = { render: () => <Account issuer="Keyward stories" localization={he} /> }

/** The menu open, right to left, at the inline end of an app's header (its left): it opens toward the page. */
export const MenuOpenHebrew: Story = {
  args: { localization: he },
  parameters: { layout: 'padded', ownLayout: true },
  decorators: [
    (Story) => (
      <header dir="rtl" style={{ display: 'flex', justifyContent: 'flex-end', alignItems: 'flex-start', minHeight: '22rem' }}>
        <Story />
      </header>
    ),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(await canvas.findByRole('button', { name: DEMO_USER.displayName }))
    await waitFor(() => expect(canvas.getByRole('menuitem', { name: 'יציאה' })).toHaveFocus())
  },
}

/** The user menu with an app's own entries. */
export const MenuWithItems: Story = {
  args: { items: [{ label: 'Account settings', href: '#account' }, { label: 'Billing', href: '#billing' }] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(await canvas.findByRole('button', { name: DEMO_USER.displayName }))
    await waitFor(() => expect(canvas.getByRole('menuitem', { name: 'Account settings' })).toHaveFocus())
  },
}

export const PasskeyList: StoryObj<typeof Passkeys> = { render: () => <Passkeys /> }

/** A provider's icon, drawn for the stories: a rounded square with a key hole. */
const ACME_ICON = `data:image/svg+xml;base64,${btoa('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="6" fill="#2563eb"/><circle cx="12" cy="10" r="4" fill="#fff"/><rect x="10.5" y="12" width="3" height="7" rx="1" fill="#fff"/></svg>')}`
const ACME_AAGUID = '00000000-0000-4000-8000-00000000ac3e'
const passkeyCards: PasskeyInfo[] = [
  { id: 'k1', nickname: null, createdAt: '2026-03-01T10:00:00Z', lastUsedAt: '2026-11-30T10:00:00Z', credentialId: null, aaguid: ACME_AAGUID },
  { id: 'k2', nickname: 'Office security key', createdAt: '2026-05-02T10:00:00Z', lastUsedAt: null, credentialId: null, aaguid: null },
]

/** A card per passkey: the provider's name and icon (by AAGUID), the dates, rename and remove (a stub list). */
export const PasskeyCards: StoryObj<typeof Passkeys> = {
  render: () => <Passkeys authenticators={async (aaguid) => (aaguid === ACME_AAGUID ? { name: 'Acme Passwords', icon: ACME_ICON } : null)} />,
  parameters: {
    auth: {
      ...signedIn,
      backend: (backend) => ({ ...backend, passkey: { ...backend.passkey!, list: async () => passkeyCards, remove: async () => {}, rename: async () => {} } }),
    } satisfies AuthStory,
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByText('Acme Passwords', { selector: '[data-keyward-device]' })
  },
}

/** The invitation to make a passkey, for the page after sign-up. */
export const PasskeyInvitation: StoryObj<typeof PasskeyOffer> = { render: () => <PasskeyOffer /> }

export const PasskeySignIn: StoryObj<typeof PasskeyButton> = { render: () => <PasskeyButton />, parameters: { auth: {} } }

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString()
const devices: DeviceSession[] = [
  { id: 'phone', current: false, createdAt: null, expiresAt: null, description: null, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', lastActiveAt: minutesAgo(5), ipAddress: '203.0.113.9' },
  { id: 'this', current: true, createdAt: null, expiresAt: null, description: null, userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', lastActiveAt: minutesAgo(0), ipAddress: null },
  { id: 'laptop', current: false, createdAt: null, expiresAt: null, description: 'Work laptop', userAgent: null, lastActiveAt: minutesAgo(60 * 30), ipAddress: null },
]

/** For backends that list sessions (the Nhost contract has none): a stub with the operations. */
export const Devices: StoryObj<typeof Sessions> = {
  render: () => <Sessions />,
  parameters: {
    auth: {
      ...signedIn,
      backend: (backend) => ({
        ...backend,
        devices: { list: async () => devices, revoke: async () => {} },
      }),
    } satisfies AuthStory,
  },
}
