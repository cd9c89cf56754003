import { type RunningServer, startServer } from '../../servers/run.mjs'
import { conformanceTargets } from '../support/conformance-targets.ts'
import { useDemoInChromium } from './browser.ts'
import { describeConformance } from './conformance.ts'

// The conformance suite on a real better-auth server (servers/better-auth, its defaults: no
// verification required), through the demo's `/` with the better-auth adapter.

let auth: RunningServer
let authUrl = ''
const env = useDemoInChromium({
  async before() {
    auth = await startServer('better-auth')
    // one site with the pages: the browser sends the cookies better-auth keeps between steps
    authUrl = auth.url.replace('127.0.0.1', 'localhost')
  },
  demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'better-auth', VITE_BETTER_AUTH_URL: authUrl }),
  after: () => auth?.stop(),
})

const declared = conformanceTargets.betterAuth

describeConformance(declared, env, () => ({
  ...declared,
  url: `${env.demo.url}/`,
  changePasswordUrl: `${env.demo.url}${declared.changePasswordUrl}`,
  async inbox(to, link) {
    const messages = (await (await fetch(`${authUrl}/__outbox`)).json()) as Array<{ to: string; kind: string; link?: string }>
    const found = messages.filter((m) => m.to === to && m.kind === link).at(-1)?.link
    if (!found) throw new Error(`conformance: no ${link} e-mail to ${to}`)
    return found
  },
}))
