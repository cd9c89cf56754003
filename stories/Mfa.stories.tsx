import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, within } from 'storybook/test'
import { MfaChallenge, MfaSetup } from 'keyward/forms'
import { type AuthStory, DEMO_USER, signedIn, withAuth } from './backend.tsx'

const meta = { title: 'Forms/MfaSetup', component: MfaSetup, decorators: [withAuth], parameters: { auth: signedIn } } satisfies Meta<typeof MfaSetup>
export default meta
type Story = StoryObj<typeof meta>

export const Start: Story = {}

export const Scan: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(await canvas.findByRole('button', { name: 'Set up an authenticator app' }))
    await expect(await canvas.findByRole('img')).toBeInTheDocument()
  },
}

export const WrongCode: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(await canvas.findByRole('button', { name: 'Set up an authenticator app' }))
    await userEvent.type(await canvas.findByLabelText('Code'), '000000')
    await userEvent.click(canvas.getByRole('button', { name: 'Turn on' }))
    await expect(await canvas.findByText('That code is not right. Use the current code from your app.')).toBeInTheDocument()
  },
}

export const Enabled: Story = {
  parameters: {
    auth: { setup: async (env) => {
      await signedIn.setup!(env)
      env.server.admin.enableTotp(DEMO_USER.email)
      await env.client.reloadUser()
    } } satisfies AuthStory,
  },
}

export const Challenge: StoryObj<typeof MfaChallenge> = {
  render: () => <MfaChallenge ticket="mfaTotp:story" />,
}
