import { conformanceTargets } from '../support/conformance-targets.ts'
import { useDemoInChromium } from './browser.ts'
import { describeConformance, newest } from './conformance.ts'

// The conformance suite on the example adapter of docs/writing-a-backend.md (docs/example-backend.ts,
// written on keyward/backends/kit alone): the demo's `/` with that adapter, on the embedded reference
// backend, whose outbox holds the e-mails.

const env = useDemoInChromium({ demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'example' }) })
const KINDS = { 'verify-email': 'email-verification', 'reset-password': 'password-reset', 'email-code': 'email-otp' } as const
type Sent = { to: string; kind: string; link: string | null; code: string | null }

describeConformance(conformanceTargets.example, env, async (to, what) => {
  const list = async () => (await (await fetch(`${env.demo.url}/auth/v1/__reference/outbox`)).json()) as Sent[]
  const found = await newest(list, (m) => m.to === to && m.kind === KINDS[what], `${what} e-mail to ${to}`)
  return (what === 'email-code' ? found.code : found.link) ?? ''
})
