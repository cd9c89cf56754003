import { watchWake } from './wake.js'
import type { AuthBackend, BackendContext, PasswordCredentials, SignInResult, SignOutOptions, SignUpInput, SignUpResult } from './backend.js'
import { redirectAllowlist } from './allowlist.js'
import { createAuthorizedFetch } from './authorized-fetch.js'
import { signInWithPassword, signUp } from './credentials.js'
import { AuthError, AuthErrorCode } from './errors.js'
import * as check from './input.js'
import { type AuthLinks, createLinks } from './links.js'
import type { LockManagerLike } from './lock.js'
import { createRefresher } from './refresher.js'
import { restoreHeld, restoreSession } from './restore.js'
import { createSessionKeeper } from './session.js'
import { signOut } from './sign-out.js'
import { memoryStorage, type TokenStorage } from './storage.js'
import type { SyncChannel } from './sync.js'
import type { AuthSnapshot, Session, User } from './types.js'

export interface AuthClientOptions {
  backend: AuthBackend
  /** Where the session survives reloads. Default: `memoryStorage()` (nothing persisted). */
  storage?: TokenStorage
  /** The fetch used for auth requests and `client.fetch`. Default: `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch
  /** Seconds before access-token expiry at which the session is refreshed. Default 60. */
  refreshMargin?: number
  /** Milliseconds before an auth request fails with `timeout`. Default 15000. */
  timeout?: number
  /**
   * Cross-tab sync: `true` (BroadcastChannel, `storage` event fallback), `false`, or a channel of your
   * own. Default: on when the storage is shared between tabs (`localStorageStorage()`), off for
   * storage each tab has for itself (`memoryStorage()`, `sessionStorageStorage()`).
   */
  sync?: boolean | SyncChannel
  /**
   * The lock manager for single-flight refresh across tabs. Default `navigator.locks`, else a lease
   * in IndexedDB; `null` for none. Used only when tabs share the session (shared storage or sync on).
   */
  locks?: LockManagerLike | null
  /**
   * Milliseconds to wait for the cross-tab refresh lock before refreshing anyway (a tab froze holding
   * it). Default: `timeout` + 5 s, so that a waiting tab never overtakes a refresh still in flight.
   */
  lockTimeout?: number
  /** A session known before start (from a server render); the client starts `signedIn` with it. */
  initialSession?: Session | null
  /** Names the storage lock and channel, so two apps on one origin do not collide. Default `'keyward'`. */
  name?: string
  /** The clock. Default `Date.now`. */
  now?: () => number
  /**
   * Where e-mailed links and OAuth may send the user back to: URLs (and everything below them); `*`
   * matches within one segment. Checked before any request. Default: the page's own origin.
   */
  allowedRedirects?: readonly string[]
}

/** The session engine behind `<AuthProvider>`, usable without React. */
export interface AuthClient {
  readonly backend: AuthBackend
  /** The client's `name` option: names its storage keys, lock and channel. */
  readonly name: string
  getSnapshot(): AuthSnapshot
  subscribe(listener: () => void): () => void
  /** The snapshot to render on the server and during hydration: never the browser's state. */
  getServerSnapshot(): AuthSnapshot
  /** Restores the stored session and starts refresh, sync and wake handling; returns the stop function. Counted: the last stop stops. */
  start(): () => void
  /** Resolves once the stored session has been restored (or found absent). */
  ready(): Promise<AuthSnapshot>
  signInWithPassword(input: PasswordCredentials): Promise<SignInResult>
  signUp(input: SignUpInput): Promise<SignUpResult>
  /** Adopts a session obtained elsewhere (a redirect, another flow) as the current one. */
  adoptSession(session: Session): Promise<Session>
  /**
   * Ends the session on this device, or everywhere with `{ all: true }`. The local session is cleared
   * even when the server cannot be reached; a server that cannot be told is reported in the result.
   */
  signOut(options?: SignOutOptions): Promise<{ serverError: AuthError | null }>
  /** Forces a refresh now (single-flight with any refresh already running). */
  refresh(): Promise<Session | null>
  /** Re-reads the user from the server and publishes it. */
  reloadUser(): Promise<User>
  /** A valid access token, refreshing first when it is about to expire; `null` when signed out. */
  getAccessToken(): Promise<string | null>
  /**
   * `fetch` for the app's own API: the access token (or the cookie) attached; when the server refuses
   * the token, one refresh (however many requests failed together) and one retry. Rejects only with an
   * AuthError: `network_error`, `timeout` or `aborted` when the request does not complete (the original
   * error in `cause`), `invalid_input` for a request it cannot build, `invalid_response` when the
   * configured fetch does not resolve to a Response. Any HTTP status resolves.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>
  /** For backends' flow groups: the context auth requests run with. */
  context(signal?: AbortSignal): BackendContext
  /** The redirect allowlist in force (see `allowedRedirects`). */
  allowedRedirects(): readonly string[]
  /**
   * `redirectTo` made absolute (against the page), once it is known to be on the allowlist; refused
   * before any request otherwise. Absent stays absent; anything but a non-empty string is invalid input.
   */
  checkRedirect(redirectTo: unknown): Promise<string | undefined>
  /** The current session, once restored; `not_signed_in` when there is none. */
  requireSession(): Promise<Session>
  /**
   * The links the auth server sends into the app (verification, reset, magic link, a provider's
   * return): the page's own is read on the first render or at start, whichever comes first (the
   * address bar cleaned at once, before any request: a chunk's load sends the address as its
   * Referer), and handled once the client starts, whichever component is mounted; `getStep()` says
   * where it stands.
   */
  readonly links: AuthLinks
}

/**
 * The framework-agnostic auth engine: session state, token storage, refresh and cross-tab sync.
 * React apps get one through `<AuthProvider>`; other code can use it directly.
 *
 * @example
 * const client = createAuthClient({ backend: nhost({ url: 'https://local.auth.nhost.run/v1' }), storage: localStorageStorage() })
 * const stop = client.start()
 * client.subscribe(() => console.log(client.getSnapshot().status))
 */
export function createAuthClient(options: AuthClientOptions): AuthClient {
  const { backend } = options
  const timeout = options.timeout ?? 15_000
  const keeper = createSessionKeeper({
    backend,
    storage: options.storage ?? memoryStorage(),
    name: options.name ?? 'keyward',
    now: options.now ?? (() => Date.now()),
    timeout,
    fetch: (input, init) => (options.fetch ?? globalThis.fetch)(input, init),
    initialSession: options.initialSession,
    sync: options.sync,
  })
  const refresher = createRefresher(keeper, {
    margin: (options.refreshMargin ?? 60) * 1000,
    lockWait: options.lockTimeout ?? timeout + 5_000,
    locks: options.locks,
  })
  const allowlist = redirectAllowlist(options.allowedRedirects)
  const links = createLinks(keeper, () => client.signOut())

  let authorizedFetch: ReturnType<typeof createAuthorizedFetch> | null = null
  const loadAuthorizedFetch = async () => (authorizedFetch ??= createAuthorizedFetch(keeper, refresher, keeper.context().fetch))

  let starts = 0
  let detach: Array<() => void> = []
  function start(): () => void {
    starts += 1
    if (starts === 1) {
      // the page's own link: out of the address bar before anything here loads or asks a server,
      // handled once the stored session is known (a form may have asked for it already)
      void links.arrival().catch(() => {})
      detach.push(keeper.connectTabs())
      // a cookie session the server could not be asked for on start: asked again on wake, each wake
      // chained on the last ask (the network back and the window focused at once ask once)
      let asked: Promise<'unreached' | void> = keeper
        .restore(() => restoreSession(keeper, refresher, options.initialSession, (session) => void loadAuthorizedFetch().then((authorized) => authorized.confirm(session))))
        .catch(() => undefined)
      detach.push(
        watchWake(() => {
          refresher.wake()
          asked = asked.then((last) => (last === 'unreached' && !keeper.current() ? restoreHeld(keeper) : undefined))
        }),
      )
      refresher.start()
    }
    let stopped = false
    return () => {
      if (stopped) return
      stopped = true
      starts -= 1
      if (starts > 0) return
      refresher.stop()
      for (const off of detach) off()
      detach = []
      // the handoff's database connection (reopened if the client starts again)
      keeper.persistence.close()
    }
  }

  async function requireSession(): Promise<Session> {
    await keeper.ready()
    const session = keeper.current()
    if (!session) throw new AuthError(AuthErrorCode.NotSignedIn, 'Nobody is signed in')
    return session
  }

  const client: AuthClient = {
    backend,
    name: keeper.name,
    links,
    getSnapshot: keeper.getSnapshot,
    subscribe: keeper.subscribe,
    getServerSnapshot: () => keeper.initial,
    start,
    ready: async () => {
      await keeper.ready()
      return keeper.getSnapshot()
    },
    signInWithPassword: (input) => signInWithPassword(keeper, input),
    signUp: (input) => signUp(keeper, allowlist.check, input),
    // a session from the caller: anything but one is the caller's mistake (`invalid_input`)
    adoptSession: async (session) => keeper.adopt(check.session(session, keeper.received)),
    signOut: (signOutOptions) => signOut(keeper, refresher, signOutOptions),
    async refresh() {
      await requireSession()
      return refresher.refresh()
    },
    reloadUser: async () => keeper.reloadUser(await requireSession()),
    getAccessToken: refresher.accessToken,
    fetch: async (input, init) => (await loadAuthorizedFetch()).fetch(input, init),
    context: keeper.context,
    allowedRedirects: allowlist.allowed,
    checkRedirect: allowlist.check,
    requireSession,
  }
  return client
}
