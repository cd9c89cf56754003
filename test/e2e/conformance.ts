import { describe, it } from 'vitest'
import { type ConformanceTarget, conformanceDriver, journeysFor } from '../../src/testing/conformance.ts'
import type { DeclaredTarget } from '../support/conformance-targets.ts'
import type { useDemoInChromium } from './browser.ts'

/**
 * Declares a test for every journey the target offers (known before its server starts: capabilities
 * come from the adapter's configuration) and runs each in a fresh browser profile, as
 * `keyward/testing/conformance`'s users do, on the demo's `/`. A page error fails the journey.
 */
export function describeConformance(declared: DeclaredTarget, env: ReturnType<typeof useDemoInChromium>, inbox: ConformanceTarget['inbox']) {
  const { file: _, ...offers } = declared
  describe(`conformance: ${offers.name}`, () => {
    for (const journey of journeysFor({ ...offers, url: '', inbox })) {
      it(`${journey.id}: ${journey.title}`, async () => {
        const context = await env.browser.newContext()
        const errors: string[] = []
        context.on('page', (page) => page.on('pageerror', (error) => errors.push(error.message)))
        try {
          await journey.run(await conformanceDriver(context, { ...offers, url: `${env.demo.url}/`, inbox }, journey.id))
          if (errors.length) throw new Error(`conformance: the page threw: ${errors.join('; ')}`)
        } catch (error) {
          // what the user saw when the step failed
          const shown = await Promise.all(context.pages().map(async (page) => `${page.url()}\n${(await page.locator('body').innerText().catch(() => '')).slice(0, 600)}`))
          throw new Error(`${(error as Error).message}\nthe page${shown.length > 1 ? 's' : ''} showed:\n${shown.join('\n---\n')}`, { cause: error })
        } finally {
          await context.close()
        }
      })
    }
  })
}

/** The newest message the server's outbox holds for `to` of `kind`, polled for a while (mail is sent after the reply). */
export async function newest<T>(list: () => Promise<T[]>, pick: (message: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const found = (await list()).findLast(pick)
    if (found) return found
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`conformance: no ${what} in the outbox`)
}

const REFERENCE_KINDS = { 'verify-email': 'email-verification', 'reset-password': 'password-reset', 'email-code': 'email-otp', 'magic-link': 'magic-link' } as const
type ReferenceMail = { to: string; kind: string; link: string | null; code: string | null }

/** The inbox of the reference backend the demo embeds at /auth/v1: what it last e-mailed to `to`. */
export const referenceInbox =
  (env: ReturnType<typeof useDemoInChromium>): ConformanceTarget['inbox'] =>
  async (to, what) => {
    const list = async () => (await (await fetch(`${env.demo.url}/auth/v1/__reference/outbox`)).json()) as ReferenceMail[]
    const found = await newest(list, (m) => m.to === to && m.kind === REFERENCE_KINDS[what], `${what} e-mail to ${to}`)
    return (what === 'email-code' ? found.code : found.link) ?? ''
  }
