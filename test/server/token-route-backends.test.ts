import { afterEach, describe, expect, it } from 'vitest'
import { authHero } from '../../src/backends/authhero/index.ts'
import { credebl } from '../../src/backends/credebl/index.ts'
import { oidc } from '../../src/backends/oidc/index.ts'
import { replyke } from '../../src/backends/replyke/index.ts'
import { supabase } from '../../src/backends/supabase/index.ts'
import { handleAuthRedirect, signInWithRedirect } from '../../src/core/index.ts'
import type { AuthClient } from '../../src/index.ts'
import { REFRESH_COOKIE } from '../../src/server/index.ts'
import { credeblStandIn } from '../standins/credebl.ts'
import { replykeStandIn } from '../standins/replyke.ts'
import { supabaseStandIn } from '../standins/supabase.ts'
import { APP } from '../support/backend.tsx'
import { authHeroUrl, CLIENT_ID as AUTHHERO_CLIENT, PASSWORD as STRONG } from '../support/authhero.ts'
import { CLIENT_ID as OIDC_CLIENT, oidcIssuer, providerBrowser } from '../support/oidc.ts'
import { reachable, routeHarness, type JarCookie } from '../support/token-route.ts'

// Every token backend in the token-mediating mode: the same adapter the page is configured with runs in
// the route, against the stand-ins (Supabase, Replyke, CREDEBL) and this run's real servers
// (oidc-provider, authhero). Each signs in, keeps the refresh token in the httpOnly cookie only, comes
// back on a reload, renews through the route and signs out with the cookies gone.

const stops: Array<() => void> = []
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
})
const uniqueEmail = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`

type Harness = ReturnType<typeof routeHarness>

function harness(options: Parameters<typeof routeHarness>[0]): Harness {
  const made = routeHarness(options)
  stops.push(made.stop)
  return made
}

/** What every backend must show once signed in on `client`: the refresh token in the cookie and nowhere a script reaches. */
function expectMediated(client: AuthClient, jar: Map<string, JarCookie>, { refreshes = true } = {}) {
  const snapshot = client.getSnapshot()
  expect(snapshot.status).toBe('signedIn')
  if (!refreshes) return
  const cookie = jar.get(REFRESH_COOKIE)
  expect(cookie?.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict']))
  expect(snapshot.session?.refreshToken).toMatch(/^route:/)
  expect(reachable(client)).not.toContain(decodeURIComponent(cookie!.value))
}

/** Reload, renew, sign out: the rest of the journey, the same for every backend. */
async function reloadRenewSignOut(h: Harness, email: string, { refreshes = true } = {}) {
  const reloaded = h.makeClient()
  expect((await reloaded.ready()).user?.email?.toLowerCase()).toBe(email.toLowerCase())
  if (refreshes) {
    const before = reloaded.getSnapshot().session!.refreshToken
    await reloaded.refresh()
    expectMediated(reloaded, h.jar)
    expect(reloaded.getSnapshot().session!.refreshToken).not.toBe(before)
  }
  await reloaded.signOut()
  expect(h.jar.has(REFRESH_COOKIE)).toBe(false)
  expect((await h.makeClient().ready()).status).toBe('signedOut')
}

describe('the token route on every token backend', () => {
  it('Supabase (stand-in): sign-up, the confirmation link finished by the route, reload, renew, sign out', async () => {
    const standIn = supabaseStandIn()
    const backend = supabase({ url: 'https://project.supabase.test', anonKey: standIn.anonKey })
    const h = harness({ server: backend, fetch: standIn.fetch, origin: APP, client: { allowedRedirects: [APP] } })
    const client = h.makeClient()
    const email = uniqueEmail('supabase')
    expect(await client.signUp({ email, password: 'correct horse battery', redirectTo: `${APP}/welcome` })).toMatchObject({ kind: 'verify-email' })
    expect(await handleAuthRedirect(client, standIn.link(standIn.lastMessage(email, 'signup')))).toMatchObject({ kind: 'signedIn' })
    expectMediated(client, h.jar)
    await reloadRenewSignOut(h, email)
  })

  it('Replyke v7 (stand-in): sign-up, reload, renew, sign out', async () => {
    const server = replykeStandIn({ rateLimits: false })
    const backend = replyke({ projectId: server.projectId, version: 'v7', url: 'https://api.replyke.test' })
    const h = harness({ server: backend, fetch: server.fetch, origin: APP })
    const client = h.makeClient()
    const email = uniqueEmail('replyke')
    expect(await client.signUp({ email, password: 'any non-empty password' })).toMatchObject({ kind: 'session' })
    expectMediated(client, h.jar)
    await reloadRenewSignOut(h, email)
  })

  it('CREDEBL (stand-in): the three-step sign-up with its link, reload, renew, sign out', async () => {
    const server = await credeblStandIn()
    const backend = credebl({ url: 'https://credebl.test', passwordKey: server.passwordKey })
    const h = harness({ server: backend, fetch: server.fetch, origin: APP, client: { allowedRedirects: [APP] } })
    const client = h.makeClient()
    const email = uniqueEmail('credebl')
    const input = { email, password: 'Correct-horse-9!', fields: { firstName: 'Ada', lastName: 'Lovelace' } }
    expect(await client.signUp(input)).toMatchObject({ kind: 'verify-email', resume: true })
    const { query } = server.lastMessage(email, 'verification')
    expect(await handleAuthRedirect(client, `${APP}/verify?${new URLSearchParams(query)}`)).toMatchObject({ kind: 'verified' })
    expect(await client.signUp(input)).toMatchObject({ kind: 'session' })
    expectMediated(client, h.jar)
    await reloadRenewSignOut(h, email)
  })

  it('OpenID Connect (oidc-provider): the redirect sign-in started and finished by the route, reload, renew, sign out', async () => {
    const backend = oidc({ issuer: oidcIssuer, clientId: OIDC_CLIENT })
    const h = harness({ server: backend, origin: APP, client: { allowedRedirects: [APP] } })
    const client = h.makeClient()
    await client.ready()
    const started = await signInWithRedirect(client, { redirectTo: `${APP}/callback` })
    expect(started).toMatchObject({ kind: 'redirect' })
    const login = uniqueEmail('oidc')
    const callback = await providerBrowser().follow((started as { url: string }).url, login)
    expect(await handleAuthRedirect(client, callback)).toMatchObject({ kind: 'signedIn' })
    expectMediated(client, h.jar)
    expect(h.calls).toEqual(expect.arrayContaining(['signIn.withRedirect', 'redirect.finish']))
    const reloaded = h.makeClient()
    expect((await reloaded.ready()).status).toBe('signedIn')
    await reloaded.refresh()
    expectMediated(reloaded, h.jar)
    await reloaded.signOut()
    expect(h.jar.has(REFRESH_COOKIE)).toBe(false)
  })

  it('AuthHero (authhero): sign-up and sign-in with the password through the route (authhero 0.162 issues no refresh token to them), reload, sign out', async () => {
    const backend = authHero({ url: authHeroUrl, clientId: AUTHHERO_CLIENT, callbackUrl: `${APP}/`, logoutReturnTo: `${APP}/` })
    const h = harness({ server: backend, origin: APP, client: { allowedRedirects: [APP] } })
    const client = h.makeClient()
    const email = uniqueEmail('authhero')
    expect(await client.signUp({ email, password: STRONG })).toMatchObject({ kind: 'session' })
    expectMediated(client, h.jar, { refreshes: false })
    await reloadRenewSignOut(h, email, { refreshes: false })
  })
})
