import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [react()],
  // a test signs up or in against the in-memory server: real hashing and tokens take a moment
  test: { environment: 'jsdom', testTimeout: 20_000 },
})
