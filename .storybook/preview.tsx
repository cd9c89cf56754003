import type { Preview } from '@storybook/react-vite'
// the layer order docs/theming.md asks of a Tailwind app, declared before any of the layers exist
import './layers.css'
import 'keyward/forms.css'

const preview: Preview = {
  parameters: {
    a11y: { test: 'error' },
    layout: 'centered',
  },
}

export default preview
