import { conformanceTargets } from '../support/conformance-targets.ts'
import { useBetterAuthDemo } from './browser.ts'
import { describeConformance } from './conformance.ts'

// The conformance suite on a real better-auth server (servers/better-auth, its defaults: no
// verification required), through the demo's `/` with the better-auth adapter.

const env = useBetterAuthDemo()
const declared = conformanceTargets.betterAuth

describeConformance(declared, env, () => ({
  ...declared,
  url: `${env.demo.url}/`,
  changePasswordUrl: `${env.demo.url}${declared.changePasswordUrl}`,
  async inbox(to, link) {
    const messages = (await (await fetch(`${env.authUrl}/__outbox`)).json()) as Array<{ to: string; kind: string; link?: string }>
    const found = messages.filter((m) => m.to === to && m.kind === link).at(-1)?.link
    if (!found) throw new Error(`conformance: no ${link} e-mail to ${to}`)
    return found
  },
}))
