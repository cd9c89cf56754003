import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveStandIn } from '../standins/serve.ts'
import { type SupabaseStandIn, supabaseStandIn } from '../standins/supabase.ts'
import { conformanceTargets } from '../support/conformance-targets.ts'
import { useDemoInChromium } from './browser.ts'
import { describeConformance } from './conformance.ts'

// The conformance suite on the Supabase Auth stand-in (test/standins/supabase.ts), configured as a
// project usually is: confirmation on, and the e-mail templates linking to the app's page with
// `token_hash` and `type` (the confirmation and the magic link carry the code too).

let standIn: SupabaseStandIn
let served: { url: string; stop: () => Promise<void> }
beforeAll(async () => {
  standIn = supabaseStandIn()
  served = await serveStandIn(standIn)
})
afterAll(() => served?.stop())
const env = useDemoInChromium({ demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'supabase', VITE_SUPABASE_URL: served.url, VITE_SUPABASE_ANON_KEY: standIn.anonKey }) })

describe('Supabase', () => {
  describeConformance(conformanceTargets.supabase, env, async (to, what) => {
    const kind = what === 'verify-email' ? 'signup' : what === 'reset-password' ? 'recovery' : 'magiclink'
    for (let i = 0; i < 100; i++) {
      const sent = standIn.outbox.findLast((m) => m.to === to && m.kind === kind)
      if (sent) return what === 'email-code' ? sent.token : standIn.link(sent)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`conformance: no ${what} e-mail to ${to}`)
  })
})

describe('Supabase beside the journeys', () => {
  it('signs in with a provider from <AuthFlow />’s button by PKCE, and comes back signed in with the address bar clean', async () => {
    const context = await env.browser.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    const authorize: string[] = []
    page.on('request', (request) => request.url().includes('/auth/v1/authorize') && authorize.push(request.url()))
    await page.goto(env.demo.url)
    await page.locator('[data-keyward-flow]').getByRole('button', { name: 'Continue with GitHub' }).click()
    await page.locator('[data-keyward-user-button]').waitFor({ timeout: 15_000 })
    await expect.poll(() => page.locator('[data-keyward-user-button]').textContent()).toContain('github user')
    expect(new URL(page.url()).search).toBe('')
    // the challenge went out, the verifier did not
    expect(authorize).toHaveLength(1)
    expect(new URL(authorize[0]!).searchParams.get('code_challenge_method')).toBe('s256')
    expect(authorize[0]).not.toMatch(/verifier/)
    await page.reload()
    await page.locator('[data-keyward-user-button]').waitFor({ timeout: 15_000 })
    expect(errors).toEqual([])
    await context.close()
  }, 60_000)
})
