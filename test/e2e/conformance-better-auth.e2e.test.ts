import { describe } from 'vitest'
import { conformanceTargets, type DeclaredTarget } from '../support/conformance-targets.ts'
import { useBetterAuthDemo } from './browser.ts'
import { describeConformance, newest } from './conformance.ts'

// The conformance suite on a real better-auth server (servers/better-auth), through the demo's `/` with
// the better-auth adapter, configured two ways: its defaults (no verification required), and as many
// deployments run it — sign-in only with a verified address, the verification link signing the browser
// in (`--verified-only`: requireEmailVerification and autoSignInAfterVerification).

const KINDS = { 'verify-email': 'verify-email', 'reset-password': 'reset-password', 'email-code': 'otp-sign-in', 'magic-link': 'magic-link' } as const
type Sent = { to: string; kind: string; link?: string; otp?: string }

function run(declared: DeclaredTarget, args: string[]) {
  describe(declared.name, () => {
    const env = useBetterAuthDemo(args)
    describeConformance(declared, env, async (to, what) => {
      const list = async () => (await (await fetch(`${env.authUrl}/__outbox`)).json()) as Sent[]
      const found = await newest(list, (m) => m.to === to && m.kind === KINDS[what], `${what} e-mail to ${to}`)
      return (what === 'email-code' ? found.otp : found.link) ?? ''
    })
  })
}

run(conformanceTargets.betterAuth, [])
run(conformanceTargets.betterAuthVerifiedOnly, ['--verified-only'])
