import { openHandoff } from './handoff.js'
import type { Handoff } from './handoff.js'
import type { TokenStorage } from './storage.js'
import type { Session } from './types.js'

const MAX_TOKEN_LENGTH = 64 * 1024

export const isToken = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_TOKEN_LENGTH

/**
 * A stored session, or `null` for anything that is not one (absent, garbled, from another version):
 * what a `TokenStorage` holds, read back — unverified. On a server, use `getSession` from
 * `keyward/server`, which reads keyward's cookie and verifies it (`verifyJwt`, `confirmWithBackend`).
 */
export function parseStoredSession(raw: string | null): Session | null {
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as (Partial<Session> & { refreshTokenId?: string | null }) | null
    if (!value || typeof value !== 'object') return null
    // `refreshTokenId`: the name before contract v2 (a session stored by 0.x keeps working)
    const { accessToken = null, refreshToken = null, accessTokenExpiresAt = null, idToken = null, user = null } = value
    const sessionId = value.sessionId ?? value.refreshTokenId ?? null
    if (accessToken !== null && !isToken(accessToken)) return null
    if (refreshToken !== null && !isToken(refreshToken)) return null
    if (accessTokenExpiresAt !== null && !Number.isFinite(accessTokenExpiresAt)) return null
    if (user !== null && (typeof user !== 'object' || typeof user.id !== 'string')) return null
    if (idToken !== null && !isToken(idToken)) return null
    if (accessToken === null && refreshToken === null && user === null) return null
    return { accessToken, refreshToken, accessTokenExpiresAt, sessionId, idToken, user: user && { ...user, raw: user.raw ?? {} } }
  } catch {
    return null
  }
}

/** Where the session is kept between page loads, and how a tab learns the latest one. */
export interface SessionPersistence {
  /** Whether the tabs of the origin read this same storage (see `TokenStorage.shared`). */
  readonly shared: boolean
  /** The stored session, `null` when there is none or it cannot be read. */
  read(): Promise<Session | null>
  /**
   * The stored session, once storage shows the latest session any tab stored (see `handoff.ts`).
   * Call it holding the refresh lock: it is what the next refresh must start from.
   */
  latest(): Promise<Session | null>
  /** Stores the session (and publishes it to the other tabs' next refresh). Rejects when storage does. */
  write(session: Session): Promise<void>
  remove(): Promise<void>
  /** The IndexedDB handoff, loaded on first use; `null` when tabs do not share a session or there is no IndexedDB. */
  handoff(): Promise<Handoff | null>
  /**
   * When `refreshToken` was first sent (by any tab sharing the session) without a usable answer — the
   * server may have rotated it — or `undefined`.
   */
  unanswered(refreshToken: string): Promise<number | undefined>
  /** Records that `refreshToken` was sent at `at` and got no usable answer. */
  markUnanswered(refreshToken: string, at: number): Promise<void>
  /** Closes what was opened (the handoff's database connection); it reopens on next use. */
  close(): void
}

/**
 * @param crossTab whether tabs share a session (shared storage, or sync turned on): only then is the
 * handoff loaded.
 */
export function createPersistence(storage: TokenStorage, options: { name: string; crossTab: boolean }): SessionPersistence {
  let handoff: Promise<Handoff | null> | null = null
  const load = (): Promise<Handoff | null> =>
    (handoff ??=
      options.crossTab && typeof indexedDB !== 'undefined'
        ? openHandoff(options.name).catch(() => null)
        : Promise.resolve(null))
  /** This tab's record of an unanswered refresh, where no handoff shares it between tabs. */
  let local: { refreshToken: string; at: number } | null = null

  async function read(): Promise<Session | null> {
    try {
      return parseStoredSession(await storage.get())
    } catch {
      return null
    }
  }

  /** Best effort: a handoff that cannot be written costs the next tab a wait, never the session. */
  async function publish(refreshToken: string | null) {
    const channel = await load()
    await channel?.publish(channel.fingerprint(refreshToken)).catch(() => {})
  }

  return {
    shared: storage.shared !== false,
    read,
    async latest() {
      const channel = await load()
      return channel ? channel.catchUp(read) : read()
    },
    async write(session) {
      await storage.set(JSON.stringify(session))
      await publish(session.refreshToken)
    },
    async remove() {
      try {
        await storage.remove()
      } finally {
        await publish(null)
      }
    },
    handoff: load,
    async unanswered(refreshToken) {
      const channel = await load()
      if (channel) return channel.unanswered(channel.fingerprint(refreshToken)!).catch(() => undefined)
      return local?.refreshToken === refreshToken ? local.at : undefined
    },
    async markUnanswered(refreshToken, at) {
      const channel = await load()
      if (channel) await channel.markUnanswered(channel.fingerprint(refreshToken)!, at).catch(() => {})
      else if (local?.refreshToken !== refreshToken) local = { refreshToken, at }
    },
    close() {
      const closing = handoff
      handoff = null
      void closing?.then((channel) => channel?.close())
    },
  }
}
