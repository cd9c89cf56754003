import { afterAll, beforeAll, describe } from 'vitest'
import { serveStandIn } from '../standins/serve.ts'
import { type SupabaseStandIn, supabaseStandIn } from '../standins/supabase.ts'
import { conformanceTargets } from '../support/conformance-targets.ts'
import { useDemoInChromium } from './browser.ts'
import { describeConformance } from './conformance.ts'

// The conformance suite on the Supabase Auth stand-in (test/standins/supabase.ts), configured as a
// project usually is: confirmation on, and the e-mail templates linking to the app's page with
// `token_hash` and `type` (the confirmation and the magic link carry the code too).

describe('Supabase', () => {
  let standIn: SupabaseStandIn
  let served: { url: string; stop: () => Promise<void> }
  beforeAll(async () => {
    standIn = supabaseStandIn()
    served = await serveStandIn(standIn)
  })
  afterAll(() => served?.stop())
  const env = useDemoInChromium({ demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'supabase', VITE_SUPABASE_URL: served.url, VITE_SUPABASE_ANON_KEY: standIn.anonKey }) })
  describeConformance(conformanceTargets.supabase, env, async (to, what) => {
    const kind = what === 'verify-email' ? 'signup' : what === 'reset-password' ? 'recovery' : 'magiclink'
    for (let i = 0; i < 100; i++) {
      const sent = standIn.outbox.findLast((m) => m.to === to && m.kind === kind)
      if (sent) return what === 'email-code' ? sent.token : standIn.link(sent)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`conformance: no ${what} e-mail to ${to}`)
  })
})
