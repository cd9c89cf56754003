// The page each stress tab loads: one auth client on localStorage, as an app would have it, and a
// handle (`window.stress`) for the harness to drive and read it. The harness deletes `navigator.locks`
// and `BroadcastChannel` before this runs in the modes that lack them.
import { nhost } from '../../src/backends/nhost/index.ts'
import { oidc } from '../../src/backends/oidc/index.ts'
import { createAuthClient, localStorageStorage } from '../../src/core/index.ts'
import { signInWithRedirect } from '../../src/core/flows/oauth.ts'

const params = new URLSearchParams(location.search)
// the server's reuse interval (`?reuse=0`: the strictest server); the reference backend's default is 10 s
const reuse = Number(params.get('reuse') ?? 10)
// `?issuer=`: an OpenID Connect provider (the tests' oidc-provider, client `keyward-test`) instead
const issuer = params.get('issuer')
const backend = () =>
  issuer
    ? oidc({ issuer, clientId: 'keyward-test' })
    : nhost({ url: `${location.origin}/auth/v1`, refreshTokenReuseInterval: reuse })
const client = createAuthClient({
  backend: backend(),
  storage: localStorageStorage('keyward.stress'),
  refreshMargin: Number(params.get('margin') ?? 60),
  ...(params.has('timeout') ? { timeout: Number(params.get('timeout')) } : {}),
})
client.start()

const stress = {
  ready: async () => (await client.ready()).status,
  state: () => {
    const { status, session, error } = client.getSnapshot()
    return { status, refreshToken: session?.refreshToken ?? null, error: error?.code ?? null }
  },
  /** A refresh now: `'ok'`, or the AuthError's code. */
  refresh: () =>
    client.refresh().then(
      () => 'ok',
      (error: { code?: string }) => error.code ?? 'thrown',
    ),
  /** The raw stored value, as another tab would read it. */
  stored: () => localStorage.getItem('keyward.stress'),
  signIn: async (email: string, password: string) => (await client.signInWithPassword({ email, password })).kind,
  /** To the provider's sign-in page (OpenID Connect); back here, the client handles the code by itself. */
  toProvider: async () => {
    location.assign((await signInWithRedirect(client, { redirectTo: location.href })).url)
  },
  /** The IndexedDB handoff on its own, for the lease-lock tests. */
  handoff: (leaseMs: number) => import('../../src/core/handoff.ts').then(({ openHandoff }) => openHandoff('lease-test', leaseMs)),
  /** Signs out here: `'ok'`, or the AuthError's code. */
  signOut: () =>
    client.signOut().then(
      () => 'ok',
      (error: { code?: string }) => error.code ?? 'thrown',
    ),
  /** A refresh, and `signOutAfter` milliseconds later a sign-out, in this tab: both outcomes. */
  race: (signOutAfter: number) =>
    Promise.all([stress.refresh(), new Promise((resolve) => setTimeout(resolve, signOutAfter)).then(() => stress.signOut())]),
  /** `client.adoptSession(value)`: `'ok'`, or the AuthError's code (`'thrown'`: not an AuthError). */
  adopt: (value: unknown) =>
    client.adoptSession(value as never).then(
      () => 'ok',
      (error: { code?: string; name?: string }) => (error.name === 'AuthError' ? (error.code ?? 'thrown') : 'thrown'),
    ),
  /**
   * Starts `count` more clients on the same storage one after another, as remounted providers do:
   * each restores, refreshes when signed in, and is stopped.
   */
  churn: async (count: number) => {
    for (let i = 0; i < count; i++) {
      const other = createAuthClient({ backend: backend(), storage: localStorageStorage('keyward.stress') })
      const stop = other.start()
      if ((await other.ready()).status === 'signedIn') await other.refresh().catch(() => {})
      stop()
    }
  },
  /** An API call with the access token: the status, or the AuthError's code. */
  call: () =>
    client.fetch(`${location.origin}/auth/v1/user`).then(
      (response) => response.status,
      (error: { code?: string }) => error.code ?? 'thrown',
    ),
}
Object.assign(window, { stress })
