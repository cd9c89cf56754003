import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Real-browser tests: the demo served by Vite on http://localhost, driven in Chromium.
export default defineConfig({
  // the example adapter (docs/example-backend.ts) imports the kit by its package name, as an app's would
  resolve: { alias: [{ find: /^keyward\/backends\/kit$/, replacement: fileURLToPath(new URL('./src/backends/kit/index.ts', import.meta.url)) }] },
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    // a test here takes 2–4 s on an idle machine (a page or two, a few sign-ins); the hooks start Vite
    // and Chromium (about 3 s). 60 s leaves room for a busy machine; tests that wait for a fresh
    // 30-second TOTP window say so and set their own.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
})
