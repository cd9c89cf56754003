import { afterAll, beforeAll } from 'vitest'
import { type CredeblStandIn, credeblStandIn } from '../standins/credebl.ts'
import { serveStandIn } from '../standins/serve.ts'
import { conformanceTargets } from '../support/conformance-targets.ts'
import { useDemoInChromium } from './browser.ts'
import { describeConformance } from './conformance.ts'

// The conformance suite on the CREDEBL stand-in (test/standins/credebl.ts; the platform cannot run
// here): the three-step sign-up through the verification link, sessions, the reset by e-mail. The
// platform's e-mails link to the app's page with `?email&verificationCode` and `?token&email`.

let standIn: CredeblStandIn
let served: { url: string; stop: () => Promise<void> }
beforeAll(async () => {
  standIn = await credeblStandIn()
  served = await serveStandIn(standIn)
})
afterAll(() => served?.stop())
const env = useDemoInChromium({ demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'credebl', VITE_CREDEBL_URL: served.url, VITE_CREDEBL_KEY: standIn.passwordKey }) })

describeConformance(conformanceTargets.credebl, env, async (to, what) => {
  if (what === 'email-code') throw new Error('conformance: CREDEBL sends no sign-in code')
  const { query } = standIn.lastMessage(to, what === 'verify-email' ? 'verification' : 'password-reset')
  return `${env.demo.url}/?${new URLSearchParams(query)}`
})
