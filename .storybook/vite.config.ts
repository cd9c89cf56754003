import { fileURLToPath } from 'node:url'
import tailwindcss from '@tailwindcss/vite'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  // Tailwind for its story only (stories/Tailwind.stories.tsx imports its CSS)
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: [
      { find: /^keyward\/forms\/locales\/(.*)$/, replacement: source('../src/forms/locales/$1.ts') },
      { find: /^keyward\/forms\.css$/, replacement: source('../src/forms/forms.css') },
      { find: /^keyward\/forms$/, replacement: source('../src/forms/index.ts') },
      { find: /^keyward\/backends\/nhost$/, replacement: source('../src/backends/nhost/index.ts') },
      { find: /^keyward\/testing$/, replacement: source('../src/testing/index.ts') },
      { find: /^keyward$/, replacement: source('../src/index.ts') },
    ],
  },
})
