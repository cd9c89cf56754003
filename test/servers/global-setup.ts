import type { TestProject } from 'vitest/node'
import { startServer } from '../../servers/run.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the better-auth server of this run listens (its API at /api/auth, its outbox at /__outbox). */
    betterAuthUrl: string
    /** Where the Medusa 1.20 server of this run listens (its store API at /store, reset tokens at /__outbox). */
    medusaUrl: string
    /** The issuer of this run's OpenID Connect provider (oidc-provider; its client `keyward-test`). */
    oidcIssuer: string
    /** Where this run's AuthHero listens (`http://localhost:…`; its application `keyward-test`, its e-mails at /__outbox). */
    authHeroUrl: string
  }
}

/** Starts each real server once per run (side by side), and stops it after. */
export default async function setup(project: TestProject) {
  // each start in its own promise: one that throws at once (an install that fails) must not leave the other running
  const [betterAuth, medusa, oidc, authHero] = await Promise.allSettled([
    (async () => startServer('better-auth'))(),
    (async () => startServer('medusa', 240_000))(),
    (async () => startServer('oidc-provider'))(),
    (async () => startServer('authhero'))(),
  ])
  const all = [betterAuth, medusa, oidc, authHero]
  const running = all.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  const failed = all.find((s) => s.status === 'rejected')
  if (failed) {
    await Promise.all(running.map((s) => s.stop()))
    throw failed.reason
  }
  project.provide('betterAuthUrl', (betterAuth as PromiseFulfilledResult<{ url: string }>).value.url)
  project.provide('medusaUrl', (medusa as PromiseFulfilledResult<{ url: string }>).value.url)
  // the provider names itself `localhost` (one site with the pages), listening on 127.0.0.1
  project.provide('oidcIssuer', (oidc as PromiseFulfilledResult<{ url: string }>).value.url.replace('127.0.0.1', 'localhost'))
  // like the provider, AuthHero names itself `localhost`
  project.provide('authHeroUrl', (authHero as PromiseFulfilledResult<{ url: string }>).value.url.replace('127.0.0.1', 'localhost'))
  return () => Promise.all(running.map((s) => s.stop())).then(() => undefined)
}
