import { conformanceTargets } from '../support/conformance-targets.ts'
import { useDemoInChromium } from './browser.ts'
import { describeConformance, newest } from './conformance.ts'

// The conformance suite on Nhost's contract: the demo's `/` (the README's mounting) on the embedded
// reference backend, configured as the demo configures the adapter.

const env = useDemoInChromium()
const KINDS = { 'verify-email': 'email-verification', 'reset-password': 'password-reset', 'email-code': 'email-otp' } as const
type Sent = { to: string; kind: string; link: string | null; code: string | null }

describeConformance(conformanceTargets.nhost, env, async (to, what) => {
  const list = async () => (await (await fetch(`${env.demo.url}/auth/v1/__reference/outbox`)).json()) as Sent[]
  const found = await newest(list, (m) => m.to === to && m.kind === KINDS[what], `${what} e-mail to ${to}`)
  return (what === 'email-code' ? found.code : found.link) ?? ''
})
