import { defineConfig } from 'vitest/config'

// Real-browser tests: the demo served by Vite on http://localhost, driven in Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
})
