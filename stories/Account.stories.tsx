import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import type { DeviceSession } from 'keyward'
import { Account, PasskeyButton, Passkeys, Sessions, UserButton } from 'keyward/forms'
import { he } from 'keyward/forms/locales/he'
import { type AuthStory, DEMO_USER, signedIn, withAuth } from './backend.tsx'

const meta = { title: 'Forms/Account', component: UserButton, decorators: [withAuth], parameters: { auth: signedIn } } satisfies Meta<typeof UserButton>
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

/** The account page right to left, in Hebrew. */
export const AccountPageHebrew: StoryObj<typeof Account> = { render: () => <Account issuer="Keyward stories" localization={he} /> }

/** The menu open, right to left, at the inline end of an app's header (its left): it opens toward the page. */
export const MenuOpenHebrew: Story = {
  args: { localization: he },
  parameters: { layout: 'padded' },
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

export const PasskeySignIn: StoryObj<typeof PasskeyButton> = { render: () => <PasskeyButton />, parameters: { auth: {} } }

const devices: DeviceSession[] = [
  { id: 'this', current: true, createdAt: null, expiresAt: null, description: 'Firefox on Linux' },
  { id: 'phone', current: false, createdAt: null, expiresAt: null, description: 'Safari on iPhone' },
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
