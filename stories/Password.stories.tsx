import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, within } from 'storybook/test'
import { ChangePassword, ForgotPassword, ResetPassword, VerifyEmail } from 'keyward/forms'
import { type AuthStory, DEMO_USER, signedIn, withAuth } from './backend.tsx'

const meta = { title: 'Forms/Password', component: ForgotPassword, decorators: [withAuth], args: { onBack: () => {} } } satisfies Meta<typeof ForgotPassword>
export default meta
type Story = StoryObj<typeof meta>

export const Forgot: Story = {}

export const ForgotSent: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(await canvas.findByLabelText('Email'), DEMO_USER.email)
    await userEvent.click(canvas.getByRole('button', { name: 'Send link' }))
    await expect(await canvas.findByText('If an account exists for that address, a link is on its way.')).toBeInTheDocument()
  },
}

export const ForgotOffline: Story = {
  parameters: { auth: { setup: async ({ server }) => server.inject({ path: '/user/password/reset', fault: { kind: 'network' } }) } satisfies AuthStory },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(await canvas.findByLabelText('Email'), DEMO_USER.email)
    await userEvent.click(canvas.getByRole('button', { name: 'Send link' }))
    await expect(await canvas.findByText('You seem to be offline. Check your connection and try again.')).toBeInTheDocument()
  },
}

/** The reset page opened without a valid link. */
export const ResetInvalidLink: StoryObj<typeof ResetPassword> = { render: () => <ResetPassword /> }

export const Change: StoryObj<typeof ChangePassword> = { render: () => <ChangePassword />, parameters: { auth: signedIn } }

export const ChangeDone: StoryObj<typeof ChangePassword> = {
  render: () => <ChangePassword />,
  parameters: { auth: signedIn },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(await canvas.findByLabelText('New password'), 'a brand new password')
    await userEvent.click(canvas.getByRole('button', { name: 'Change password' }))
    await expect(await canvas.findByText('Your password has been changed.')).toBeInTheDocument()
  },
}

/** The verification page opened without a valid link. */
export const VerifyEmailPage: StoryObj<typeof VerifyEmail> = { render: () => <VerifyEmail /> }
