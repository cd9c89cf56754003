import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { AuthFlow, LocalizationProvider } from 'keyward/forms'
import { ar } from 'keyward/forms/locales/ar'
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

/**
 * An app whose own stylesheet styles bare elements for its pages (and a global focus ring): the
 * forms look as in SignInView. The storybook test compares the two, element by element.
 */
export const HostileCss: Story = {
  decorators: [
    (Story) => (
      <>
        <style>{`
          button { margin: 1rem; padding: 2rem; background: hotpink; color: black; border: 4px dashed red; text-transform: uppercase; border-radius: 0 }
          input { border: 0; padding: 0; margin: 1rem; background: #ffe; }
          label { display: block; font-size: 0.7rem; margin: 1rem 0; font-weight: 300 }
          h2 { font-weight: 300; margin-top: 3rem; font-size: 3rem; letter-spacing: 0.3em }
          p, div { margin: 2rem 0; }
          a, span { color: red; }
          form { padding: 0; border: 0; }
        `}</style>
        <Story />
      </>
    ),
  ],
}

/** The view in the URL: Back from "Create your account" returns to the sign-in. */
export const BackAndForward: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(await canvas.findByRole('button', { name: 'Create one' }))
    await canvas.findByRole('heading', { name: 'Create your account' })
    window.history.back()
    await waitFor(() => expect(canvas.getByRole('heading', { name: 'Sign in' })).toHaveFocus())
  },
}

/** Right to left: Arabic, laid out from the right (lang and dir on the root). */
export const Arabic: Story = {
  decorators: [
    (Story) => (
      <LocalizationProvider localization={ar}>
        <Story />
      </LocalizationProvider>
    ),
  ],
}
