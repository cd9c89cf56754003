import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, within } from 'storybook/test'
import { VerifyEmail } from 'keyward/forms'
import { withAuth } from './backend.tsx'

const meta = { title: 'Forms/VerifyEmail', component: VerifyEmail, decorators: [withAuth] } satisfies Meta<typeof VerifyEmail>
export default meta
type Story = StoryObj<typeof meta>

/** Opened without a link (the story's address carries none): says so, and offers a new link. */
export const WithoutALink: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(await canvas.findByText('Open this page from the link in your verification email.')).toBeInTheDocument()
    await expect(canvas.getByRole('button', { name: 'Send the link again' })).toBeInTheDocument()
  },
}
