import { conformanceTargets } from '../support/conformance-targets.ts'
import { useDemoInChromium } from './browser.ts'
import { describeConformance } from './conformance.ts'

// The conformance suite on Nhost's contract: the demo's `/` (the README's mounting) on the embedded
// reference backend, configured as the demo configures the adapter.

const env = useDemoInChromium()
const KINDS = { 'verify-email': 'email-verification', 'reset-password': 'password-reset' } as const
const declared = conformanceTargets.nhost

describeConformance(declared, env, () => ({
  ...declared,
  url: `${env.demo.url}/`,
  changePasswordUrl: `${env.demo.url}${declared.changePasswordUrl}`,
  async inbox(to, link) {
    const messages = (await (await fetch(`${env.demo.url}/auth/v1/__reference/outbox`)).json()) as Array<{ to: string; kind: string; link?: string }>
    const found = messages.filter((m) => m.to === to && m.kind === KINDS[link]).at(-1)?.link
    if (!found) throw new Error(`conformance: no ${link} e-mail to ${to}`)
    return found
  },
}))
