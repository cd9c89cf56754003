import { defineConfig } from 'vitest/config'

// npm run stress: the multi-tab stress suite alone, at 100 expiry cycles per mode (KEYWARD_STRESS_CYCLES
// to change it) and the edges at full scale, its tables printed at the end.
export default defineConfig({
  test: {
    include: ['test/e2e/stress.e2e.test.ts'],
    environment: 'node',
    hookTimeout: 60_000,
    env: { KEYWARD_STRESS_CYCLES: process.env.KEYWARD_STRESS_CYCLES ?? '100', KEYWARD_STRESS_EDGES: 'full' },
  },
})
