import type { AuthError } from './errors.js'

/** The signed-in user, in keyward's shape. Backends fill what their server knows. */
export interface User {
  id: string
  email: string | null
  emailVerified: boolean
  phoneNumber: string | null
  /** `''` where the system has no name for the user. */
  displayName: string
  avatarUrl: string
  isAnonymous: boolean
  /** `'totp'` when the user has TOTP multi-factor authentication turned on. */
  activeMfaType: string | null
  createdAt: string | null
  metadata: Readonly<Record<string, unknown>>
  /**
   * The auth system's own record of the user, as its server sent it: Nhost's `roles` and `locale`,
   * Medusa's `has_account`, a token's claims. Read the system's fields here; nothing is invented.
   */
  raw: Readonly<Record<string, unknown>>
}

/**
 * A session as keyward stores it. Every field a backend cannot provide is `null`:
 * a cookie session (Medusa) has no `accessToken` readable by JavaScript; an opaque bearer token
 * (better-auth) has no `refreshToken`.
 */
export interface Session {
  accessToken: string | null
  /** Epoch milliseconds; `null` when the token does not expire or the expiry is unknown. */
  accessTokenExpiresAt: number | null
  refreshToken: string | null
  /** The server's id of this session, where it has one (Nhost's `refreshTokenId`, CREDEBL's `sessionId`). */
  sessionId: string | null
  /** The OpenID Connect ID token, where the sign-in returned one (logout sends it as `id_token_hint`). */
  idToken: string | null
  user: User | null
}

export type AuthStatus = 'loading' | 'signedIn' | 'signedOut'

/** What `useSession()` and `client.getSnapshot()` return. Immutable: a new object only when content changes. */
export interface AuthSnapshot {
  readonly status: AuthStatus
  readonly session: Session | null
  readonly user: User | null
  /** The last background failure (a refresh that could not reach the server, for example). */
  readonly error: AuthError | null
}
