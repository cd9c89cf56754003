import { type RunningServer, startServer } from '../../servers/run.mjs'
import { conformanceTargets } from '../support/conformance-targets.ts'
import { useDemoInChromium } from './browser.ts'
import { describeConformance, newest } from './conformance.ts'

// The conformance suite on a real AuthHero (servers/authhero): the embedded forms calling AuthHero from
// the page, its universal login page and back, and sign-out through /v2/logout.

let authHero: RunningServer
let url = ''
const env = useDemoInChromium({
  async before() {
    authHero = await startServer('authhero')
    // its issuer: the tokens name `localhost`
    url = authHero.url.replace('127.0.0.1', 'localhost')
  },
  demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'authhero', VITE_AUTHHERO_URL: url }),
  after: async () => authHero?.stop(),
})
type Mail = { to: string; template: string; data: Record<string, string> }

describeConformance(conformanceTargets.authHero, env, async (to, what) => {
  const list = async () => (await (await fetch(`${url}/__outbox?to=${encodeURIComponent(to)}`)).json()) as Mail[]
  if (what === 'email-code') return (await newest(list, (m) => Boolean(m.data.code), `code for ${to}`)).data.code!
  throw new Error(`conformance: AuthHero sends no ${what} e-mail here`)
})
