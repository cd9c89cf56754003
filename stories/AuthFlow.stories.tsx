import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { AuthFlow, LocalizationProvider } from 'keyward/forms'
import { fr } from 'keyward/forms/locales/fr'
import { withAuth } from './backend.tsx'

const meta = { title: 'Forms/AuthFlow', component: AuthFlow, decorators: [withAuth] } satisfies Meta<typeof AuthFlow>
export default meta
type Story = StoryObj<typeof meta>

export const SignInView: Story = {}
export const SignUpView: Story = { args: { initialView: 'signUp' } }
export const ForgotPasswordView: Story = { args: { initialView: 'forgotPassword' } }

export const MovesFocus: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(await canvas.findByRole('button', { name: 'Create one' }))
    await waitFor(() => expect(canvas.getByRole('heading', { name: 'Create your account' })).toHaveFocus())
  },
}

export const French: Story = {
  decorators: [
    (Story) => (
      <LocalizationProvider localization={fr}>
        <Story />
      </LocalizationProvider>
    ),
  ],
}

export const Dark: Story = {
  decorators: [
    (Story) => (
      <div data-keyward-theme="dark" style={{ background: '#0b0d10', padding: '2rem' }}>
        <Story />
      </div>
    ),
  ],
}
