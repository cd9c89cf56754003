import type { AuthBackend, BackendContext, PasswordCredentials, SignInResult, SignOutOptions, SignUpInput, SignUpResult } from './backend.js'
import { AuthError, AuthErrorCode, isAuthError, toAuthError } from './errors.js'
import * as check from './input.js'
import type { createAuthorizedFetch } from './authorized-fetch.js'
import { type AuthLinks, createLinks } from './links.js'
import type { LockManagerLike } from './lock.js'
import { createPersistence } from './persistence.js'
import { type CommitHow, checkReceived, createRefresher } from './refresher.js'
import { memoryStorage, type TokenStorage } from './storage.js'
import { createSessionStore, loadingSnapshot } from './store.js'
import { connectTabs, type SyncChannel } from './sync.js'
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
  const storage = options.storage ?? memoryStorage()
  const name = options.name ?? 'keyward'
  const now = options.now ?? (() => Date.now())
  const timeout = options.timeout ?? 15_000
  const lockWait = options.lockTimeout ?? timeout + 5_000
  const baseFetch: typeof globalThis.fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init)
  const ctx = (signal?: AbortSignal): BackendContext => ({ fetch: baseFetch, timeout, signal, now })
  const allowedRedirects = (): readonly string[] =>
    options.allowedRedirects ?? (typeof location === 'undefined' ? [] : [location.origin])
  const syncOn = options.sync === undefined ? storage.shared !== false : options.sync !== false
  /** Tabs hold one session when they read one storage or sync sessions: then refreshes are coordinated. */
  const crossTab = storage.shared !== false || syncOn
  const persistence = createPersistence(storage, { name, crossTab })

  async function checkRedirect(redirectTo: unknown): Promise<string | undefined> {
    if (redirectTo === undefined) return undefined
    const given = check.text(redirectTo, 'redirectTo', 4096)
    // the matcher is loaded when a redirect is checked, not by every app up front
    const absolute = (await import('./redirect.js')).allowedTarget(given, allowedRedirects())
    if (!absolute) throw new AuthError(AuthErrorCode.RedirectToNotAllowed, `redirectTo ${given} is not a URL on the allowlist`)
    return absolute
  }

  const unsupported = (what: string) => new AuthError(AuthErrorCode.Unsupported, `${backend.id} has no ${what}`)

  const initial: AuthSnapshot = options.initialSession
    ? Object.freeze({ status: 'signedIn', session: options.initialSession, user: options.initialSession.user, error: null })
    : loadingSnapshot
  const store = createSessionStore(initial)

  let restoring: Promise<void> | null = null
  /** Counts sign-outs: a commit that began before one is dropped. */
  let signOuts = 0
  let starts = 0
  /** Sign-outs under way here: no refresh starts meanwhile. */
  let signingOut = 0
  let tabs: ReturnType<typeof connectTabs> | null = null
  let detach: Array<() => void> = []

  const current = () => store.getSnapshot().session
  const rejected = (error: unknown) =>
    isAuthError(error) &&
    (backend.isSessionRejected ? backend.isSessionRejected(error) : error.code === AuthErrorCode.InvalidRefreshToken)

  /**
   * Publishes a session. `persist` writes it to storage first (and hands it to the other tabs), so
   * another tab reading storage never sees an older session than this tab shows; `announce` tells the
   * other tabs. A session that came from another tab through shared storage is not written back.
   */
  async function commitSession(session: Session, how: CommitHow) {
    const epoch = how.since ?? signOuts
    // work begun before a sign-out (a refresh, a confirmation) brings nothing back
    if (epoch !== signOuts) return
    if (session.accessToken !== current()?.accessToken) refresher.arrived()
    let failure: AuthError | null = null
    if (how.persist) await persistence.write(session).catch((error: unknown) => (failure = toAuthError(error)))
    // signed out (here or in another tab) while it was being stored: the sign-out stands, and its
    // removal, queued after this write, leaves storage empty
    if (epoch !== signOuts) return
    store.set('signedIn', session, failure)
    if (!failure) {
      refresher.recovered()
      if (how.announce) tabs?.post({ type: 'session', session })
    }
    refresher.arm()
  }

  async function clearSession(announce: boolean, error: AuthError | null = null) {
    // a session's end (not a restore that found none) ends pending link work: nothing it finishes
    // later brings a session back
    if (current()) links.cancel()
    signOuts += 1
    refresher.reset()
    try {
      await persistence.remove()
    } finally {
      store.set('signedOut', null, error)
      if (announce) tabs?.post({ type: 'signedOut' })
    }
  }

  /** Completes a session the backend returned without its user (where the backend can read it). */
  async function withUser(session: Session): Promise<Session> {
    if (session.user || !backend.getUser) return session
    return { ...session, user: await backend.getUser(session, ctx()) }
  }

  const refresher = createRefresher({
    backend,
    now,
    margin: (options.refreshMargin ?? 60) * 1000,
    name,
    lockWait,
    locks: options.locks,
    crossTab,
    persistence,
    context: () => ctx(),
    current,
    withUser,
    commit: commitSession,
    end: clearSession,
    // a refresh that failed after a sign-out keeps nothing
    keep: (session, error, since) => since === signOuts && store.set('signedIn', session, error),
    epoch: () => signOuts,
    signingOut: () => signingOut > 0,
    rejected,
  })

  /** A session from the backend (a flow's result): a broken one is the server's fault (`invalid_response`). */
  async function adoptSession(session: Session): Promise<Session> {
    const complete = await withUser(checkReceived(session, backend.transport, now()))
    await commitSession(complete, { persist: true, announce: true })
    return complete
  }

  /**
   * A flow's result: a session is completed, stored and published; a redirect's state is kept for the
   * way back (`handleAuthRedirect`); other steps pass through.
   */
  async function adoptResult<R extends SignInResult | SignUpResult>(result: R): Promise<R> {
    if (result.kind === 'redirect') (await import('./redirect-state.js')).keepRedirectState(name, result.state)
    if (result.kind !== 'session') return result
    return { ...result, session: await adoptSession(result.session) }
  }

  async function restore() {
    let stored = await persistence.read()
    // a token nothing can refresh, expired while the page was closed: nothing to restore
    if (stored && !(stored.refreshToken && backend.refresh) && (stored.accessTokenExpiresAt ?? Infinity) <= now()) stored = null
    if (!stored && options.initialSession) {
      stored = options.initialSession
      await persistence.write(stored)
    }
    if (!stored && backend.restore) {
      // a cookie session: the browser holds it, one request says whose it is
      try {
        const held = await backend.restore(ctx())
        if (held) await adoptSession(held)
        else await clearSession(false)
      } catch (error) {
        await clearSession(false, toAuthError(error))
      }
      return
    }
    if (!stored) {
      await clearSession(false)
      return
    }
    const refreshable = stored.refreshToken && backend.refresh
    try {
      if (refreshable && (refresher.expiresSoon(stored) || !stored.user)) {
        // stays 'loading' until the refresh answers: no flash of signed-in (or signed-out) UI
        await refresher.refresh(stored)
      } else {
        const complete = await withUser(stored)
        await commitSession(complete, { persist: complete !== stored, announce: false })
        // a session nothing refreshes may have ended elsewhere (signed out on another device,
        // revoked): shown at once from storage, then confirmed with one request
        if (!refreshable && complete === stored) void loadAuthorizedFetch().then((authorized) => authorized.confirm(complete))
      }
    } catch (error) {
      if (rejected(error) || isAuthError(error, AuthErrorCode.Unauthorized)) await clearSession(false, toAuthError(error))
      // transient failures keep the stored session (already published above); the refresh timer retries
      else if (store.getSnapshot().status === 'loading') store.set('signedIn', stored, toAuthError(error))
    }
  }

  /** A session or a sign-out from another tab (shared storage already holds it; own storage does not). */
  function fromOtherTab(session: Session | null) {
    if (!session) {
      if (current()) void clearSession(false)
    } else if (session.refreshToken !== current()?.refreshToken || session.accessToken !== current()?.accessToken) {
      void commitSession(session, { persist: !persistence.shared, announce: false })
    }
  }

  function start(): () => void {
    starts += 1
    if (starts === 1) {
      // the page's own link: out of the address bar before anything here loads or asks a server,
      // handled once the stored session is known (a form may have asked for it already)
      void links.arrival().catch(() => {})
      if (syncOn) {
        tabs = connectTabs(typeof options.sync === 'object' ? options.sync : true, storage, name, persistence.read, fromOtherTab)
        detach.push(tabs.close)
      }
      // the wake listeners matter once the page has idled: loaded after start, off the first render's path
      let unwatch: (() => void) | null = null
      let detached = false
      import('./wake.js').then(
        ({ watchWake }) => {
          if (!detached) unwatch = watchWake(() => refresher.wake())
        },
        () => {},
      )
      detach.push(() => {
        detached = true
        unwatch?.()
      })
      restoring ??= restore()
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
      tabs = null
      // the handoff's database connection (reopened if the client starts again)
      persistence.close()
    }
  }

  async function requireSession(): Promise<Session> {
    await restoring
    const session = current()
    if (!session) throw new AuthError(AuthErrorCode.NotSignedIn, 'Nobody is signed in')
    return session
  }

  async function getAccessToken(): Promise<string | null> {
    await restoring
    const session = current()
    if (!session) return null
    if (refresher.expiresSoon(session) && session.refreshToken && backend.refresh) {
      try {
        return (await refresher.refresh())?.accessToken ?? null
      } catch (error) {
        if (rejected(error)) return null
        // offline: try with the token we have; the server decides
      }
    }
    return current()?.accessToken ?? null
  }

  // loaded with the first call: an app that never calls client.fetch does not ship it up front
  let authorizedFetch: Promise<ReturnType<typeof createAuthorizedFetch>> | null = null
  const loadAuthorizedFetch = () =>
    (authorizedFetch ??= import('./authorized-fetch.js').then(({ createAuthorizedFetch }) =>
      createAuthorizedFetch({
        backend,
        fetch: baseFetch,
        getAccessToken,
        async refreshAfterRejection(refused) {
          const session = current()
          if (session && session.accessToken !== refused) return session
          return refresher.refresh()
        },
        context: ctx,
        current,
        commit: commitSession,
        end: clearSession,
        epoch: () => signOuts,
        rejected,
        toAuthError,
        fail: (code, message, cause) => new AuthError(code, message, { cause }),
      }),
    ))

  const links: AuthLinks = createLinks({
    backend,
    name,
    context: () => ctx(),
    current,
    // a hook may ask in its effect before the provider's effect starts the client (children's effects
    // run first): one task later it has; a client nobody starts handles links as signed out
    async ready() {
      if (!restoring) await new Promise((resolve) => setTimeout(resolve, 0))
      await restoring
    },
    epoch: () => signOuts,
    async adopt(session, since) {
      const complete = await withUser(checkReceived(session, backend.transport, now()))
      await commitSession(complete, { persist: true, announce: true, since })
      return since === signOuts ? complete : null
    },
    signOut: () => client.signOut(),
    reloadUser: () => client.reloadUser(),
  })

  const client: AuthClient = {
    backend,
    links,
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    getServerSnapshot: () => initial,
    start,
    ready: async () => {
      await restoring
      return store.getSnapshot()
    },

    name,

    async signInWithPassword(input) {
      const given = check.fields(input)
      const credentials = { email: check.email(given.email), password: check.password(given.password) }
      if (!backend.signInWithPassword) throw unsupported('password sign-in')
      return adoptResult(await backend.signInWithPassword(credentials, ctx()))
    },

    async signUp(input) {
      const given = check.fields(input)
      const checked: SignUpInput = { email: check.email(given.email), password: check.password(given.password) }
      const displayName = check.optionalText(given.displayName, 'displayName')
      const locale = check.optionalText(given.locale, 'locale', 16)
      const metadata = check.metadata(given.metadata)
      if (displayName !== undefined) checked.displayName = displayName
      if (locale !== undefined) checked.locale = locale
      if (metadata !== undefined) checked.metadata = metadata
      const signUpFields = check.signUpFields(given.fields, backend.signUpFields)
      if (signUpFields !== undefined) checked.fields = signUpFields
      if (!backend.signUp) throw unsupported('sign-up')
      // the verification e-mail's link leads to redirectTo: the same allowlist as every other link
      const redirectTo = await checkRedirect(given.redirectTo)
      if (redirectTo !== undefined) checked.redirectTo = redirectTo
      return adoptResult(await backend.signUp(checked, ctx()))
    },

    // a session from the caller: anything but one is the caller's mistake (`invalid_input`)
    adoptSession: async (session) => adoptSession(check.session(session, (given) => checkReceived(given, backend.transport, now()))),

    async signOut(signOutOptions = {}) {
      const all = check.fields(signOutOptions, 'options').all
      if (all !== undefined && typeof all !== 'boolean') throw new AuthError(AuthErrorCode.InvalidInput, 'options.all must be a boolean')
      await restoring
      if (!current()) return { serverError: null }
      const everywhere = signOutOptions.all ? backend.signOutEverywhere : undefined
      if (signOutOptions.all && !everywhere) throw unsupported('signing out every device')
      // Sign-out wins over any refresh: none starts here from now on; the one in flight here is let
      // finish, and across tabs the sign-out holds the refresh lock, starting from the latest session
      // any tab stored — so the token it revokes is the newest, never one a refresh just replaced.
      signingOut += 1
      let serverError: AuthError | null = null
      let ended: void | { redirectUrl: string } = undefined
      try {
        await refresher.settled()
        ended = await refresher.exclusive(async () => {
          const stored = crossTab ? await persistence.latest().catch(() => null) : null
          const session = stored ?? current()
          if (!session) return
          let result: void | { redirectUrl: string } = undefined
          try {
            result = await (everywhere ?? backend.signOut)(session, ctx())
          } catch (error) {
            serverError = toAuthError(error)
          }
          await clearSession(true)
          return result
        })
      } finally {
        signingOut -= 1
      }
      if (current()) await clearSession(true)
      // the provider's own sign-out page (OpenID Connect's end_session_endpoint), once signed out here
      if (ended?.redirectUrl && typeof location !== 'undefined') location.assign(ended.redirectUrl)
      return { serverError }
    },

    async refresh() {
      await requireSession()
      return refresher.refresh()
    },

    async reloadUser() {
      const session = await requireSession()
      if (!backend.getUser) throw unsupported('reading the user')
      const since = signOuts
      const user = await backend.getUser(session, ctx())
      await commitSession({ ...(current() ?? session), user }, { persist: true, announce: true, since })
      return user
    },

    getAccessToken,
    fetch: async (input, init) => (await loadAuthorizedFetch()).fetch(input, init),
    context: ctx,
    allowedRedirects,
    checkRedirect,
    requireSession,
  }
  return client
}
