import { afterAll, beforeAll, describe } from 'vitest'
import { type ReplykeStandIn, replykeStandIn } from '../standins/replyke.ts'
import { serveStandIn } from '../standins/serve.ts'
import { conformanceTargets } from '../support/conformance-targets.ts'
import { useDemoInChromium } from './browser.ts'
import { describeConformance } from './conformance.ts'

// The conformance suite on the Replyke stand-in (test/standins/replyke.ts), on both API versions: v7
// adds the reset by e-mail, whose link (`?token=…`) goes to the page the project's settings name.

for (const [version, declared] of [['v6', conformanceTargets.replykeV6], ['v7', conformanceTargets.replykeV7]] as const) {
  describe(`Replyke ${version}`, () => {
    let standIn: ReplykeStandIn
    let served: { url: string; stop: () => Promise<void> }
    beforeAll(async () => {
      standIn = replykeStandIn({ rateLimits: false })
      served = await serveStandIn(standIn)
    })
    afterAll(() => served?.stop())
    const env = useDemoInChromium({
      demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'replyke', VITE_REPLYKE_URL: served.url, VITE_REPLYKE_PROJECT: standIn.projectId, VITE_REPLYKE_VERSION: version }),
    })
    describeConformance(declared, env, async (to, what) => {
      if (what !== 'reset-password') throw new Error(`conformance: Replyke sends no ${what} e-mail here`)
      return `${env.demo.url}/?token=${standIn.lastMessage(to, 'password-reset').token}`
    })
  })
}
