import { betterAuth } from '../../src/backends/better-auth/index.ts'
import { nhost } from '../../src/backends/nhost/index.ts'
import { capabilitiesOf } from '../../src/index.ts'
import type { ConformanceTarget } from '../../src/testing/conformance.ts'

// The adapters the conformance suite drives in npm test, configured as the demo configures them: the
// e2e files run their journeys, docs/conformance.md's table is generated from the same list.

export type DeclaredTarget = Pick<ConformanceTarget, 'name' | 'capabilities' | 'changePasswordUrl'> & { file: string }

export const conformanceTargets = {
  nhost: {
    name: 'Nhost (reference backend)',
    capabilities: capabilitiesOf(nhost({ url: '/auth/v1', oauthProviders: ['github', 'google'] })),
    changePasswordUrl: '/change-password',
    file: 'test/e2e/conformance-nhost.e2e.test.ts',
  },
  betterAuth: {
    name: 'better-auth',
    capabilities: capabilitiesOf(betterAuth({ url: 'http://localhost/api/auth' })),
    changePasswordUrl: '/change-password',
    file: 'test/e2e/conformance-better-auth.e2e.test.ts',
  },
} satisfies Record<string, DeclaredTarget>
