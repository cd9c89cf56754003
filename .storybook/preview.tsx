import type { Preview } from '@storybook/react-vite'
import 'keyward/forms.css'

const preview: Preview = {
  parameters: {
    a11y: { test: 'error' },
    layout: 'centered',
  },
}

export default preview
