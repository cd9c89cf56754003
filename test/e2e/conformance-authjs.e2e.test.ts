import { describe } from 'vitest'
import { conformanceTargets } from '../support/conformance-targets.ts'
import { useAuthJsDemo } from './browser.ts'
import { describeConformance } from './conformance.ts'

// The conformance suite on a real Auth.js (servers/authjs: @auth/core with Credentials, an e-mail
// provider, Passkey and the tests' OpenID Connect provider), on the demo's origin as in a Next.js app.

describe('Auth.js', () => {
  const env = useAuthJsDemo()
  describeConformance(conformanceTargets.authJs, env, async (_to, what) => {
    throw new Error(`conformance: Auth.js sends no ${what} e-mail a journey asks for`)
  })
})
