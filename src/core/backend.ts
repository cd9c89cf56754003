import type { AuthError } from './errors.js'
import type { Session, User } from './types.js'

/** What a backend's server can do. Hooks throw `AuthError('unsupported')` and forms hide what is `false`. */
export interface Capabilities {
  signUp: boolean
  /** Sessions are renewed with a refresh token. `false` for opaque or long-lived tokens and cookie sessions. */
  refresh: boolean
  /** Sign-out can end every session of the user, not only this device's. */
  signOutEverywhere: boolean
  emailVerification: boolean
  mfaTotp: boolean
  passkeys: boolean
  passwordReset: boolean
  changePassword: boolean
  changeEmail: boolean
  magicLink: boolean
  emailOtp: boolean
  smsOtp: boolean
  anonymous: boolean
  /** List and revoke the user's sessions on other devices. */
  sessions: boolean
  personalAccessTokens: boolean
  oauth: boolean
  elevation: boolean
}

/** What every backend operation receives from the client. */
export interface BackendContext {
  fetch: typeof globalThis.fetch
  /** Milliseconds before a request is abandoned with `AuthError('timeout')`. */
  timeout: number
  signal?: AbortSignal | undefined
  /** The client's clock, for turning relative expiries into absolute ones. */
  now: () => number
}

export interface PasswordCredentials {
  email: string
  password: string
}

export interface SignUpInput extends PasswordCredentials {
  displayName?: string | undefined
  locale?: string | undefined
  metadata?: Record<string, unknown> | undefined
  /** Where the e-mail verification link sends the user back to. */
  redirectTo?: string | undefined
}

export type MfaMethod = 'totp'

export type SignInResult =
  | { kind: 'session'; session: Session }
  | { kind: 'mfa'; ticket: string; methods: readonly MfaMethod[] }
  | { kind: 'verify-email'; email: string }

export type SignUpResult = { kind: 'session'; session: Session } | { kind: 'verify-email'; email: string }

export interface SignOutOptions {
  /** End every session of the user (where `capabilities.signOutEverywhere`). */
  all?: boolean | undefined
}

/**
 * An auth system behind keyward. Operations return plain results, never HTTP responses, and throw
 * only `AuthError`. See `docs/backends.md` for how each supported system maps onto this.
 */
export interface AuthBackend {
  readonly id: string
  readonly capabilities: Capabilities
  /**
   * How the app's own API requests prove the session: `'bearer'` adds `Authorization: Bearer`;
   * `'cookie'` sends credentials and leaves the token to the browser (Medusa's session cookie).
   */
  readonly transport: 'bearer' | 'cookie'
  signInWithPassword(input: PasswordCredentials, ctx: BackendContext): Promise<SignInResult>
  signUp(input: SignUpInput, ctx: BackendContext): Promise<SignUpResult>
  /** Exchanges the refresh token for a new session. Present only when `capabilities.refresh`. */
  refresh?(session: Session, ctx: BackendContext): Promise<Session>
  signOut(session: Session, options: SignOutOptions, ctx: BackendContext): Promise<void>
  getUser(session: Session, ctx: BackendContext): Promise<User>
  /** Recognises the backend's "this refresh token is dead" verdict; defaults to `invalid-refresh-token`. */
  isSessionRejected?(error: AuthError): boolean
  /**
   * Whether an API reply means "the access token is no longer accepted" and deserves one refresh and
   * retry in `client.fetch`. Default: status 401. (Replyke answers 403 for an expired token.)
   */
  isTokenRejected?(response: Response): boolean
}
