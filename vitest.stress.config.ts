import { defineConfig, mergeConfig } from 'vitest/config'
import e2e from './vitest.e2e.config.ts'

// npm run stress: the multi-tab stress suite at 100 expiry cycles per mode, table printed at the end.
export default mergeConfig(
  e2e,
  defineConfig({
    test: {
      include: ['test/e2e/stress.e2e.test.ts'],
      env: { KEYWARD_STRESS_CYCLES: process.env.KEYWARD_STRESS_CYCLES ?? '100' },
    },
  }),
)
