import type { TestProject } from 'vitest/node'
import { ensureInstalled, startServer } from '../../servers/run.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the better-auth server of this run listens (its API at /api/auth, its outbox at /__outbox). */
    betterAuthUrl: string
    /** A second better-auth, configured `--verified-only`: verification required, and its link signs in. */
    betterAuthVerifiedOnlyUrl: string
    /** Where the Medusa 1.20 server of this run listens (its store API at /store, reset tokens at /__outbox). */
    medusaUrl: string
    /** The issuer of this run's OpenID Connect provider (oidc-provider; its client `keyward-test`). */
    oidcIssuer: string
    /** Where this run's AuthHero listens (`http://localhost:…`; its application `keyward-test`, its e-mails at /__outbox). */
    authHeroUrl: string
    /** Where this run's Auth.js listens (its routes at /api/auth, the app's sign-up at /api/register, its e-mails at /__outbox). */
    authJsUrl: string
  }
}

const SERVERS = ['better-auth', 'medusa', 'oidc-provider', 'authhero', 'authjs'] as const

/** Installs every real server (side by side, on a fresh clone), then starts each once per run, and stops it after. */
export default async function setup(project: TestProject) {
  // every install before any start: a start's timer must never run out while another server installs
  const installs = await Promise.allSettled(SERVERS.map((name) => ensureInstalled(name)))
  const notInstalled = installs.find((s) => s.status === 'rejected')
  if (notInstalled) throw notInstalled.reason
  // each start in its own promise: one that throws at once must not leave the others running
  const provider = startServer('oidc-provider')
  const [betterAuth, medusa, oidc, authHero, verifiedOnly, authJs] = await Promise.allSettled([
    startServer('better-auth'),
    startServer('medusa', 240_000),
    provider,
    startServer('authhero'),
    startServer('better-auth', 60_000, ['--verified-only']),
    // Auth.js with the OpenID Connect provider as its OAuth provider
    provider.then((started) => startServer('authjs', 60_000, ['--oidc', started.url.replace('127.0.0.1', 'localhost')])),
  ])
  const all = [betterAuth, medusa, oidc, authHero, verifiedOnly, authJs]
  const running = all.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  const failed = all.find((s) => s.status === 'rejected')
  if (failed) {
    await Promise.all(running.map((s) => s.stop()))
    throw failed.reason
  }
  project.provide('betterAuthUrl', (betterAuth as PromiseFulfilledResult<{ url: string }>).value.url)
  project.provide('betterAuthVerifiedOnlyUrl', (verifiedOnly as PromiseFulfilledResult<{ url: string }>).value.url)
  project.provide('medusaUrl', (medusa as PromiseFulfilledResult<{ url: string }>).value.url)
  // the provider names itself `localhost` (one site with the pages), listening on 127.0.0.1
  project.provide('oidcIssuer', (oidc as PromiseFulfilledResult<{ url: string }>).value.url.replace('127.0.0.1', 'localhost'))
  // like the provider, AuthHero names itself `localhost`
  project.provide('authHeroUrl', (authHero as PromiseFulfilledResult<{ url: string }>).value.url.replace('127.0.0.1', 'localhost'))
  project.provide('authJsUrl', (authJs as PromiseFulfilledResult<{ url: string }>).value.url)
  return () => Promise.all(running.map((s) => s.stop())).then(() => undefined)
}
