import { describe, it } from 'vitest'
import { type ConformanceTarget, conformanceDriver, journeysFor } from '../../src/testing/conformance.ts'
import type { useDemoInChromium } from './browser.ts'

/**
 * Declares a test for every journey the target offers (known before its server starts: capabilities
 * come from the adapter's configuration) and runs each in a fresh browser profile, as
 * `keyward/testing/conformance`'s users do. A page error fails the journey.
 */
export function describeConformance(offers: Pick<ConformanceTarget, 'name' | 'capabilities' | 'changePasswordUrl'>, env: ReturnType<typeof useDemoInChromium>, target: () => ConformanceTarget) {
  const declared = { ...offers, url: '', inbox: () => Promise.reject(new Error('not started')) }
  describe(`conformance: ${offers.name}`, () => {
    for (const journey of journeysFor(declared)) {
      it(`${journey.id}: ${journey.title}`, async () => {
        const context = await env.browser.newContext()
        const errors: string[] = []
        context.on('page', (page) => page.on('pageerror', (error) => errors.push(error.message)))
        try {
          await journey.run(await conformanceDriver(context, target(), journey.id))
          if (errors.length) throw new Error(`conformance: the page threw: ${errors.join('; ')}`)
        } catch (error) {
          // what the user saw when the step failed
          const shown = await Promise.all(context.pages().map((page) => page.locator('body').innerText().catch(() => '')))
          throw new Error(`${(error as Error).message}\nthe page${shown.length > 1 ? 's' : ''} showed:\n${shown.map((text) => text.slice(0, 600)).join('\n---\n')}`, { cause: error })
        } finally {
          await context.close()
        }
      })
    }
  })
}
