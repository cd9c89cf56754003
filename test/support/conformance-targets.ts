import type { Page } from 'playwright-core'
import { authHero } from '../../src/backends/authhero/index.ts'
import { authJs } from '../../src/backends/authjs/index.ts'
import { signUpRoute } from '../../demo/authjs-sign-up.ts'
import { supabase } from '../../src/backends/supabase/index.ts'
import { betterAuth } from '../../src/backends/better-auth/index.ts'
import { credebl } from '../../src/backends/credebl/index.ts'
import { medusa } from '../../src/backends/medusa/index.ts'
import { nhost } from '../../src/backends/nhost/index.ts'
import { oidc } from '../../src/backends/oidc/index.ts'
import { replyke } from '../../src/backends/replyke/index.ts'
import { exampleBackend } from '../../docs/example-backend.ts'
import { capabilitiesOf } from '../../src/index.ts'
import type { ConformanceTarget } from '../../src/testing/conformance.ts'

// The adapters the conformance suite drives in npm test, configured as the demo configures them (demo/
// main.tsx; the servers' addresses do not change what an adapter offers): the e2e files run their
// journeys, docs/conformance.md's table is generated from the same list.

export type DeclaredTarget = Omit<ConformanceTarget, 'url' | 'inbox'> & { file: string }

/** The demo's account pages (demo/App.tsx). */
const DEMO_PAGES = { changePassword: '/change-password', twoStep: '/mfa', passkeys: '/passkeys', sessions: '/sessions' }
const NAMES = { 'First name': 'Ada', 'Last name': 'Lovelace' }
/** Passwords that pass AuthHero's and CREDEBL's strength rules (upper and lower case, a digit, a symbol). */
const STRONG = ['Correct-horse-9!', 'Better-horse-7?'] as const

/** From `<AuthFlow />`'s "Continue with …" button to the server's page; resolves with the server's origin. */
async function toServerPage(page: Page, button: string | RegExp, path?: string): Promise<string> {
  const app = new URL(page.url()).origin
  await page.locator('[data-keyward-flow]').getByRole('button', { name: button }).click()
  await page.waitForURL((url) => url.origin !== app && (path === undefined || url.pathname === path))
  return new URL(page.url()).origin
}

/** The page is back on the app (the demo's origin), past the server's pages. */
const backOnApp = (page: Page, server: string) => page.waitForURL((url) => url.origin !== server, { timeout: 15_000 })

export const conformanceTargets = {
  nhost: {
    name: 'Nhost (reference backend)',
    capabilities: capabilitiesOf(nhost({ url: '/auth/v1', oauthProviders: ['github', 'google'] })),
    pages: DEMO_PAGES,
    // its reset link carries a refresh token: signed in before the new password
    resetSignsIn: true,
    file: 'test/e2e/conformance-nhost.e2e.test.ts',
  },
  betterAuth: {
    name: 'better-auth',
    capabilities: capabilitiesOf(betterAuth({ url: 'http://localhost/api/auth' })),
    pages: DEMO_PAGES,
    file: 'test/e2e/conformance-better-auth.e2e.test.ts',
  },
  betterAuthVerifiedOnly: {
    name: 'better-auth (verification required, its link signs in)',
    capabilities: capabilitiesOf(betterAuth({ url: 'http://localhost/api/auth' })),
    pages: DEMO_PAGES,
    file: 'test/e2e/conformance-better-auth.e2e.test.ts',
  },
  medusaCookie: {
    name: 'Medusa (cookie)',
    capabilities: capabilitiesOf(medusa({ url: 'http://localhost', mode: 'cookie' })),
    pages: DEMO_PAGES,
    signUpFields: NAMES,
    file: 'test/e2e/conformance-medusa.e2e.test.ts',
  },
  medusaJwt: {
    name: 'Medusa (JWT)',
    capabilities: capabilitiesOf(medusa({ url: 'http://localhost', mode: 'jwt' })),
    pages: DEMO_PAGES,
    signUpFields: NAMES,
    file: 'test/e2e/conformance-medusa.e2e.test.ts',
  },
  oidc: {
    name: 'OpenID Connect (oidc-provider)',
    capabilities: capabilitiesOf(oidc({ issuer: 'http://localhost', clientId: 'keyward-test' })),
    pages: DEMO_PAGES,
    serverPages: {
      // oidc-provider's development pages: any login name and password, then consent
      async signIn(page, email, password) {
        const server = await toServerPage(page, /^Continue with /)
        await page.locator('input[name="login"]').fill(email)
        await page.locator('input[name="password"]').fill(password)
        await page.getByRole('button', { name: 'Sign-in' }).click()
        await page.getByRole('button', { name: 'Continue' }).click()
        await backOnApp(page, server)
      },
      async signOut(page) {
        const confirm = page.getByRole('button', { name: 'Yes, sign me out' })
        await confirm.waitFor({ timeout: 15_000 })
        const server = new URL(page.url()).origin
        await confirm.click()
        await backOnApp(page, server)
      },
    },
    file: 'test/e2e/conformance-oidc.e2e.test.ts',
  },
  authHero: {
    name: 'AuthHero',
    capabilities: capabilitiesOf(authHero({ url: 'http://localhost', clientId: 'keyward-test' })),
    pages: DEMO_PAGES,
    passwords: STRONG,
    serverPages: {
      // AuthHero's universal login: the e-mail, then (past its offer of an e-mailed code) the password
      async signIn(page, email, password) {
        const server = await toServerPage(page, 'Continue with AuthHero', '/u/login/identifier')
        await page.locator('input[name="username"]').fill(email)
        await page.locator('input[name="username"]').press('Enter')
        await page.waitForURL((url) => url.pathname !== '/u/login/identifier')
        if (page.url().includes('/u/enter-code')) await page.goto(page.url().replace('/u/enter-code', '/u/enter-password'))
        await page.locator('input[name="password"]').fill(password)
        await page.locator('input[name="password"]').press('Enter')
        await backOnApp(page, server)
      },
    },
    file: 'test/e2e/conformance-authhero.e2e.test.ts',
  },
  authJs: {
    name: 'Auth.js',
    capabilities: capabilitiesOf(authJs({ email: 'email', oauthProviders: [{ id: 'oidc', name: 'Keyward Test OIDC' }], passkey: true, signUp: signUpRoute })),
    pages: DEMO_PAGES,
    file: 'test/e2e/conformance-authjs.e2e.test.ts',
  },
  supabase: {
    name: 'Supabase (stand-in)',
    capabilities: capabilitiesOf(supabase({ url: 'http://localhost', anonKey: 'k', anonymous: true, oauthProviders: ['github'], passkeys: true })),
    pages: DEMO_PAGES,
    // its recovery link signs in (GoTrue's verify of type recovery)
    resetSignsIn: true,
    file: 'test/e2e/conformance-supabase.e2e.test.ts',
  },
  credebl: {
    name: 'CREDEBL (stand-in)',
    capabilities: capabilitiesOf(credebl({ url: 'http://localhost', passwordKey: 'unused' })),
    pages: DEMO_PAGES,
    signUpFields: NAMES,
    passwords: STRONG,
    file: 'test/e2e/conformance-credebl.e2e.test.ts',
  },
  replykeV6: {
    name: 'Replyke v6 (stand-in)',
    capabilities: capabilitiesOf(replyke({ url: 'http://localhost', projectId: 'p', version: 'v6' })),
    pages: DEMO_PAGES,
    file: 'test/e2e/conformance-replyke.e2e.test.ts',
  },
  replykeV7: {
    name: 'Replyke v7 (stand-in)',
    capabilities: capabilitiesOf(replyke({ url: 'http://localhost', projectId: 'p', version: 'v7' })),
    pages: DEMO_PAGES,
    file: 'test/e2e/conformance-replyke.e2e.test.ts',
  },
  example: {
    name: 'the example adapter (docs/writing-a-backend.md)',
    capabilities: capabilitiesOf(exampleBackend({ url: '/auth/v1' })),
    pages: DEMO_PAGES,
    file: 'test/e2e/conformance-example.e2e.test.ts',
  },
} satisfies Record<string, DeclaredTarget>
