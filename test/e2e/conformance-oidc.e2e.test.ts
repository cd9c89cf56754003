import { type RunningServer, startServer } from '../../servers/run.mjs'
import { conformanceTargets } from '../support/conformance-targets.ts'
import { useDemoInChromium } from './browser.ts'
import { describeConformance } from './conformance.ts'

// The conformance suite on a real OpenID Connect provider (servers/oidc-provider: PKCE, refresh with
// rotation, its own login, consent and sign-out pages), through the demo's `/`.

let provider: RunningServer
let issuer = ''
const env = useDemoInChromium({
  async before() {
    provider = await startServer('oidc-provider')
    issuer = provider.url.replace('127.0.0.1', 'localhost')
  },
  demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'oidc', VITE_OIDC_ISSUER: issuer }),
  after: async () => provider?.stop(),
})

describeConformance(conformanceTargets.oidc, env, async (_to, what) => {
  throw new Error(`conformance: the provider sends no ${what} e-mail`)
})
