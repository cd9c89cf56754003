import type { AuthBackend, BackendContext } from './backend.js'
import { AuthError, AuthErrorCode, isAuthError, toAuthError } from './errors.js'
import { createPersistence, isToken } from './persistence.js'
import type { TokenStorage } from './storage.js'
import { createSessionStore, loadingSnapshot } from './store.js'
import { connectTabs, type SyncChannel } from './sync.js'
import type { AuthSnapshot, Session, User } from './types.js'

/** An access token said to live longer than this is a broken reply, not a session. */
const MAX_TOKEN_LIFETIME = 366 * 24 * 3600_000

/**
 * A session from the backend is taken only with a usable token and a finite, sane expiry: anything
 * else is a broken reply (`invalid_response`), never a signed-in state.
 */
export function checkReceived(session: Session, transport: AuthBackend['traits']['transport'], now: number): Session {
  const expiresAt = session.accessTokenExpiresAt
  const problem =
    (session.accessToken === null ? transport !== 'cookie' : !isToken(session.accessToken)) ||
    (session.refreshToken !== null && !isToken(session.refreshToken)) ||
    (expiresAt !== null && !(Number.isFinite(expiresAt) && expiresAt > now && expiresAt - now <= MAX_TOKEN_LIFETIME))
  if (problem) throw new AuthError(AuthErrorCode.InvalidResponse, 'The server sent a session without a usable token or expiry')
  return session
}

/**
 * How a session is saved: `persist` stores it (and hands it to the other tabs' next refresh),
 * `announce` broadcasts it; `since`, the sign-out count when the work that brought it began: a
 * sign-out since then stands, and the session is dropped.
 */
export interface SaveHow {
  persist: boolean
  announce: boolean
  since?: number | undefined
}

/**
 * What happened to the session, for those that follow it (the refresher's timer, the links):
 * `saved` once it is published (`tokenChanged`: a new access token; `stored`: storage took it);
 * `ending` before a sign-out clears it (`signedIn`: there was a session to end).
 */
export type SessionEvent = { type: 'saved'; tokenChanged: boolean; stored: boolean } | { type: 'ending'; signedIn: boolean }

export interface SessionKeeperOptions {
  backend: AuthBackend
  storage: TokenStorage
  name: string
  now: () => number
  timeout: number
  fetch: typeof globalThis.fetch
  initialSession?: Session | null | undefined
  sync?: boolean | SyncChannel | undefined
}

/**
 * The one owner of the session: the store components read, the storage it survives reloads in, the
 * other tabs it is shared with, and the sign-out count that makes a sign-out win over any work begun
 * before it. Everything that changes the session (sign-in flows, the refresher, links, the
 * authorized fetch) goes through `save`, `adopt`, `keep` and `clear`.
 */
export function createSessionKeeper(options: SessionKeeperOptions) {
  const { backend, storage, name, now, timeout } = options
  const syncOn = options.sync === undefined ? storage.shared !== false : options.sync !== false
  /** Tabs hold one session when they read one storage or sync sessions: then refreshes are coordinated. */
  const crossTab = storage.shared !== false || syncOn
  const persistence = createPersistence(storage, { name, crossTab })
  const initial: AuthSnapshot = options.initialSession
    ? Object.freeze({ status: 'signedIn', session: options.initialSession, user: options.initialSession.user, error: null })
    : loadingSnapshot
  const store = createSessionStore(initial)
  const observers = new Set<(event: SessionEvent) => void>()
  const emit = (event: SessionEvent) => {
    for (const observer of [...observers]) observer(event)
  }

  /** Counts sign-outs: work begun before one brings nothing back. */
  let signOuts = 0
  /** Sign-outs under way here: no refresh starts meanwhile. */
  let signingOut = 0
  let tabs: ReturnType<typeof connectTabs> | null = null
  let restored: Promise<'unreached' | void> | null = null

  const current = () => store.getSnapshot().session
  const context = (signal?: AbortSignal): BackendContext => ({ fetch: options.fetch, timeout, signal, now })

  /** Completes a session the backend returned without its user (where the backend can read it). */
  async function complete(session: Session): Promise<Session> {
    if (session.user || !backend.session.getUser) return session
    return { ...session, user: await backend.session.getUser(session, context()) }
  }

  /**
   * Publishes a session. `persist` writes it to storage first, so another tab reading storage never
   * sees an older session than this tab shows. A session that came from another tab through shared
   * storage is not written back.
   */
  async function save(session: Session, how: SaveHow): Promise<void> {
    const epoch = how.since ?? signOuts
    // work begun before a sign-out (a refresh, a confirmation) brings nothing back
    if (epoch !== signOuts) return
    const tokenChanged = session.accessToken !== current()?.accessToken
    let failure: AuthError | null = null
    if (how.persist) await persistence.write(session).catch((error: unknown) => (failure = toAuthError(error)))
    // signed out (here or in another tab) while it was being stored: the sign-out stands, and its
    // removal, queued after this write, leaves storage empty
    if (epoch !== signOuts) return
    store.set('signedIn', session, failure)
    if (!failure && how.announce) tabs?.post({ type: 'session', session })
    emit({ type: 'saved', tokenChanged, stored: !failure })
  }

  /** Ends the session here (and, with `announce`, in every tab). */
  async function clear(announce: boolean, error: AuthError | null = null): Promise<void> {
    emit({ type: 'ending', signedIn: current() !== null })
    signOuts += 1
    try {
      await persistence.remove()
    } finally {
      store.set('signedOut', null, error)
      if (announce) tabs?.post({ type: 'signedOut' })
    }
  }

  /**
   * A session from the backend (a flow's result, a link's): checked (a broken one is the server's
   * fault, `invalid_response`), completed with its user, stored and announced. With `since` (the
   * sign-out count when the work began), `null` when a sign-out came after it.
   */
  async function adopt(session: Session): Promise<Session>
  async function adopt(session: Session, since: number): Promise<Session | null>
  async function adopt(session: Session, since?: number): Promise<Session | null> {
    const completed = await complete(checkReceived(session, backend.traits.transport, now()))
    await save(completed, { persist: true, announce: true, since })
    return since === undefined || since === signOuts ? completed : null
  }

  /** A session or a sign-out from another tab (shared storage already holds it; own storage does not). */
  function fromOtherTab(session: Session | null) {
    if (!session) {
      if (current()) void clear(false)
    } else if (session.refreshToken !== current()?.refreshToken || session.accessToken !== current()?.accessToken) {
      void save(session, { persist: !persistence.shared, announce: false })
    }
  }

  return {
    backend,
    name,
    now,
    persistence,
    crossTab,
    /** The snapshot to render on the server and during hydration. */
    initial,
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    current,
    context,
    /** How many sign-outs there have been: work begun before one brings nothing back. */
    epoch: () => signOuts,
    /** Whether a sign-out is under way here: no refresh starts meanwhile. */
    signingOut: () => signingOut > 0,
    /** Whether the error is the backend's verdict that the session is dead. */
    rejected: (error: unknown): boolean =>
      isAuthError(error) && (backend.traits.isSessionRejected ? backend.traits.isSessionRejected(error) : error.code === AuthErrorCode.InvalidRefreshToken),
    /** `checkReceived` with this backend and clock. */
    received: (session: Session) => checkReceived(session, backend.traits.transport, now()),
    complete,
    save,
    clear,
    adopt,
    /** Work failed without a verdict on the session: keep it (unless a sign-out came after `since`), show the error. */
    keep(session: Session, error: AuthError, since: number) {
      if (since === signOuts) store.set('signedIn', session, error)
    },
    /** Shows a failure while the session is still loading (a restore that could not finish). */
    failLoading(session: Session, error: AuthError) {
      if (store.getSnapshot().status === 'loading') store.set('signedIn', session, error)
    },
    /** The user read again from the server, published with the session. */
    async reloadUser(session: Session): Promise<User> {
      const getUser = backend.session.getUser
      if (!getUser) throw new AuthError(AuthErrorCode.Unsupported, `${backend.id} has no way of reading the user`)
      const since = signOuts
      const user = await getUser.call(backend.session, session, context())
      await save({ ...(current() ?? session), user }, { persist: true, announce: true, since })
      return user
    },
    /** Runs a sign-out: no refresh starts here until it is over. */
    async signingOutWhile<T>(task: () => Promise<T>): Promise<T> {
      signingOut += 1
      try {
        return await task()
      } finally {
        signingOut -= 1
      }
    },
    /** Resolves once the stored session is restored (`restoring` sets what that is). */
    ready: async (): Promise<void> => {
      await restored
    },
    /** Whether a restore has begun. */
    restoring: (): boolean => restored !== null,
    /** Starts the restore once: `restore` runs on the first call (`'unreached'`: a cookie session the server could not be asked for). */
    restore(run: () => Promise<'unreached' | void>): Promise<'unreached' | void> {
      return (restored ??= run())
    },
    /** Follows the other tabs (where sync is on); returns the function that stops. */
    connectTabs(): () => void {
      if (!syncOn) return () => {}
      const connection = connectTabs(typeof options.sync === 'object' ? options.sync : true, storage, name, persistence.read, fromOtherTab)
      tabs = connection
      return () => {
        connection.close()
        if (tabs === connection) tabs = null
      }
    },
    /** Follows what happens to the session (see `SessionEvent`); returns the function that stops. */
    observe(observer: (event: SessionEvent) => void): () => void {
      observers.add(observer)
      return () => {
        observers.delete(observer)
      }
    },
  }
}

/** The session object: see `createSessionKeeper`. */
export type SessionKeeper = ReturnType<typeof createSessionKeeper>
