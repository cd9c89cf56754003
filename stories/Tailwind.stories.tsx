import type { Meta, StoryObj } from '@storybook/react-vite'
import { SignIn } from 'keyward/forms'
import { withAuth } from './backend.tsx'
import './tailwind.css'

// docs/theming.md's Tailwind recipe: the layers declared in order (keyward between components and
// utilities, .storybook/layers.css), Tailwind whole with its preflight, utilities on the parts
// through classNames. The storybook test checks that the utilities win over the theme and that the
// preflight does not undo it.
const meta = { title: 'Forms/Tailwind', component: SignIn, decorators: [withAuth] } satisfies Meta<typeof SignIn>
export default meta

export const Utilities: StoryObj<typeof meta> = {
  args: { classNames: { form: 'shadow-xl rounded-2xl', submit: 'bg-teal-700 hover:bg-teal-800 text-white border-teal-700' } },
}
