import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, within } from 'storybook/test'
import { SignUp } from 'keyward/forms'
import { type AuthStory, DEMO_USER, withAuth } from './backend.tsx'

const meta = { title: 'Forms/SignUp', component: SignUp, decorators: [withAuth], args: { onSignIn: () => {} } } satisfies Meta<typeof SignUp>
export default meta
type Story = StoryObj<typeof meta>

async function submit(canvasElement: HTMLElement, email: string, password: string) {
  const canvas = within(canvasElement)
  await userEvent.type(await canvas.findByLabelText('Email'), email)
  await userEvent.type(canvas.getByLabelText('Password'), password)
  await userEvent.click(canvas.getByRole('button', { name: 'Create account' }))
  return canvas
}

export const Idle: Story = {}

export const FieldError: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await submit(canvasElement, DEMO_USER.email, 'short')
    await expect(await canvas.findByText('Use at least 9 characters.')).toBeInTheDocument()
  },
}

export const EmailTaken: Story = {
  parameters: { auth: { setup: async ({ server }) => void (await server.admin.createUser(DEMO_USER)) } satisfies AuthStory },
  play: async ({ canvasElement }) => {
    const canvas = await submit(canvasElement, DEMO_USER.email, DEMO_USER.password)
    await expect(await canvas.findByText('An account with this email already exists.')).toBeInTheDocument()
  },
}

export const VerifyEmail: Story = {
  parameters: { auth: { server: { requireEmailVerification: true } } satisfies AuthStory },
  play: async ({ canvasElement }) => {
    const canvas = await submit(canvasElement, DEMO_USER.email, DEMO_USER.password)
    await expect(await canvas.findByRole('heading', { name: 'Check your email' })).toBeInTheDocument()
  },
}

/** An app's own field, rendered with keyward's parts and validated by the app's schema (any Standard Schema). */
export const ExtraField: Story = {
  args: {
    fields: [
      {
        name: 'company',
        label: 'Company',
        autoComplete: 'organization',
        description: 'Shown to your teammates.',
        schema: { '~standard': { version: 1, vendor: 'story', validate: (value) => (typeof value === 'string' && value.trim().length >= 2 ? { value: value.trim() } : { issues: [{ message: 'Enter your company.' }] }) } },
      },
    ],
  },
  play: async ({ canvasElement }) => {
    const canvas = await submit(canvasElement, DEMO_USER.email, DEMO_USER.password)
    await expect(await canvas.findByText('Enter your company.')).toBeInTheDocument()
  },
}
