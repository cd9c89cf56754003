import react from '@vitejs/plugin-react'
import { createReferenceBackend } from 'keyward/testing'
import { referenceBackendPlugin } from 'keyward/testing/node'
import { defineConfig } from 'vite'

// The reference backend (an in-memory Nhost Auth server) answers /auth/v1 under `vite` and
// `vite preview`, on whatever port they pick. Point the app at your real Nhost (or another adapter)
// instead when you have one: nothing else changes.
export default defineConfig({
  plugins: [
    react(),
    referenceBackendPlugin({
      path: '/auth/v1',
      handler: createReferenceBackend({ basePath: '/auth/v1', exposeOutbox: true }).fetch,
    }),
  ],
})
