import type { Meta, StoryObj } from '@storybook/react-vite'
import { siGithub, siGoogle } from 'simple-icons'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { SignIn } from 'keyward/forms'
import { de } from 'keyward/forms/locales/de'
import { ja } from 'keyward/forms/locales/ja'
import { type AuthStory, DEMO_USER, withAuth } from './backend.tsx'

const withUser: AuthStory = { setup: async ({ server }) => void (await server.admin.createUser(DEMO_USER)) }

const meta = {
  title: 'Forms/SignIn',
  component: SignIn,
  decorators: [withAuth],
  args: { onSignUp: () => {}, onForgotPassword: () => {} },
  parameters: { auth: withUser },
} satisfies Meta<typeof SignIn>
export default meta
type Story = StoryObj<typeof meta>

async function fill(canvasElement: HTMLElement, email: string, password: string) {
  const canvas = within(canvasElement)
  await userEvent.type(await canvas.findByLabelText('Email'), email)
  if (password) await userEvent.type(canvas.getByLabelText('Password'), password)
  await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }))
  return canvas
}

export const Idle: Story = {}

export const FieldError: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await fill(canvasElement, 'not-an-email', '')
    // validation is asynchronous (the schemas load with the first check)
    await waitFor(() => expect(canvas.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true'))
  },
}

export const Submitting: Story = {
  parameters: {
    auth: { setup: async (env) => {
      await withUser.setup!(env)
      env.server.inject({ path: '/signin/email-password', fault: { kind: 'delay', ms: 60_000 } })
    } } satisfies AuthStory,
  },
  play: async ({ canvasElement }) => {
    const canvas = await fill(canvasElement, DEMO_USER.email, DEMO_USER.password)
    const button = await canvas.findByRole('button', { name: 'Please wait…' })
    // busy, yet focusable: a disabled button would drop the keyboard focus
    await expect(button).toHaveAttribute('aria-disabled', 'true')
  },
}

export const ServerError: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await fill(canvasElement, DEMO_USER.email, 'wrong password')
    await expect(await canvas.findByText('Wrong email or password.')).toBeInTheDocument()
  },
}

export const ServerDown: Story = {
  parameters: {
    auth: { setup: async ({ server }) => server.inject({ path: '/signin/email-password', fault: { kind: 'status', status: 500 } }) } satisfies AuthStory,
  },
  play: async ({ canvasElement }) => {
    const canvas = await fill(canvasElement, DEMO_USER.email, DEMO_USER.password)
    await expect(await canvas.findByText('Something went wrong on our side. Try again in a moment.')).toBeInTheDocument()
  },
}

export const MfaRequired: Story = {
  parameters: {
    auth: { setup: async ({ server }) => {
      await server.admin.createUser(DEMO_USER)
      server.admin.enableTotp(DEMO_USER.email)
    } } satisfies AuthStory,
  },
  play: async ({ canvasElement }) => {
    const canvas = await fill(canvasElement, DEMO_USER.email, DEMO_USER.password)
    await expect(await canvas.findByRole('heading', { name: 'Two-step verification' })).toBeInTheDocument()
  },
}

export const Success: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await fill(canvasElement, DEMO_USER.email, DEMO_USER.password)
    await expect(await canvas.findByText('You are signed in.')).toBeInTheDocument()
  },
}

export const German: Story = { args: { localization: de } }
export const Japanese: Story = { args: { localization: ja } }

export const DarkTheme: Story = {
  decorators: [
    (Story) => (
      <div data-keyward-theme="dark" style={{ background: '#0b0d10', padding: '2rem' }}>
        <Story />
      </div>
    ),
  ],
}

/** The adapter's OAuth providers (`nhost({ oauthProviders })`) above the "or". */
export const WithProviders: Story = {
  parameters: {
    // the logos the app imports (Simple Icons), only those reach its bundle
    auth: { ...withUser, backend: (backend) => ({ ...backend, oauth: { ...backend.oauth!, providers: [{ id: 'github', icon: siGithub }, { id: 'google', icon: siGoogle }] } }) } satisfies AuthStory,
  },
}

/**
 * A backend whose only sign-in is its own page (OpenID Connect): "Continue with <server>" instead of
 * the password form. (Here the click goes nowhere: the stand-in page below answers no redirect.)
 */
export const OnServerPage: Story = {
  parameters: {
    auth: {
      backend: ({ signIn: _signIn, signUp: _signUp, passkey: _passkey, oauth: _oauth, ...backend }) => ({
        ...backend,
        traits: { ...backend.traits, displayName: 'Acme ID' },
        signIn: { withRedirect: async () => ({ kind: 'redirect', url: '#', state: {} }) },
      }),
    } satisfies AuthStory,
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(await canvas.findByRole('button', { name: 'Continue with Acme ID' })).toBeInTheDocument()
    await expect(canvas.queryByLabelText('Email')).toBeNull()
  },
}

/** `identifierFirst`: the e-mail address, then the password. */
export const IdentifierFirst: Story = {
  args: { identifierFirst: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(await canvas.findByLabelText('Email'), DEMO_USER.email)
    await userEvent.click(canvas.getByRole('button', { name: 'Continue' }))
    await expect(await canvas.findByLabelText('Password')).toBeInTheDocument()
  },
}

/** `identifierFirst` on a backend that can tell (`accountExists`): an unknown address is offered a new account. */
export const IdentifierFirstNoAccount: Story = {
  args: { identifierFirst: true },
  parameters: {
    auth: { ...withUser, backend: (backend) => ({ ...backend, signIn: { ...backend.signIn, accountExists: async ({ email }) => email === DEMO_USER.email } }) } satisfies AuthStory,
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(await canvas.findByLabelText('Email'), 'someone.new@example.com')
    await userEvent.click(canvas.getByRole('button', { name: 'Continue' }))
    await expect(await canvas.findByRole('button', { name: 'Create an account' })).toBeInTheDocument()
  },
}

/** "Email me a sign-in code" (`capabilities.emailOtp`): the address, then the code from the e-mail. */
export const EmailCode: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(await canvas.findByLabelText('Email'), DEMO_USER.email)
    await userEvent.click(canvas.getByRole('button', { name: 'Email me a sign-in code' }))
    await userEvent.click(await canvas.findByRole('button', { name: 'Send code' }))
    await expect(await canvas.findByLabelText('Code')).toBeInTheDocument()
  },
}
