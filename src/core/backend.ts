import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser'
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
  /** List and remove the user's passkeys (adding one is `passkeys`). */
  passkeyManagement: boolean
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

/** How a second factor can be given: an authenticator-app code, a backup code, a code sent by e-mail. */
export type MfaMethod = 'totp' | 'backup-code' | 'otp'

export type SignInResult =
  | { kind: 'session'; session: Session }
  | {
      kind: 'mfa'
      methods: readonly MfaMethod[]
      /**
       * The pending sign-in, where the server hands it over (Nhost's ticket); absent where the server
       * keeps it itself (better-auth's two-factor cookie).
       */
      ticket?: string | undefined
    }
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
  mfa?: MfaOperations
  passkey?: PasskeyOperations
  password?: PasswordOperations
  email?: EmailOperations
  passwordless?: PasswordlessOperations
  anonymous?: AnonymousOperations
  pat?: PersonalAccessTokenOperations
  sessions?: SessionOperations
  oauth?: OAuthOperations
  /** Reads what the server appended to a redirect back to the app (verification, magic link, OAuth). */
  redirect?: RedirectOperations
  /** When the access token carries a recent-authentication (elevation) claim, and until when. */
  elevation?(session: Session): { elevated: boolean; until: number | null }
  /**
   * Whether an API reply means "the access token is no longer accepted" and deserves one refresh and
   * retry in `client.fetch`. Default: status 401. (Replyke answers 403 for an expired token.)
   */
  isTokenRejected?(response: Response): boolean
}

export interface TotpSecret {
  /** Base32 secret, for users who type it into their authenticator app. */
  secret: string
  /** The server's own QR image (a data URL), when it sends one. */
  imageUrl: string | null
}

export interface MfaOperations {
  generateTotp(session: Session, ctx: BackendContext): Promise<TotpSecret>
  activateTotp(session: Session, code: string, ctx: BackendContext): Promise<void>
  disableTotp(session: Session, code: string, ctx: BackendContext): Promise<void>
  /** Finishes a sign-in that answered `{ kind: 'mfa' }`. */
  verifyTotp(input: { ticket?: string | undefined; code: string }, ctx: BackendContext): Promise<Session>
  /** Finishes the sign-in challenge with one of the user's backup codes (where the system has them). */
  verifyBackupCode?(input: { ticket?: string | undefined; code: string }, ctx: BackendContext): Promise<Session>
}

export interface PasskeyOperations {
  signInOptions(input: { email?: string | undefined }, ctx: BackendContext): Promise<PublicKeyCredentialRequestOptionsJSON>
  signInVerify(input: { credential: AuthenticationResponseJSON }, ctx: BackendContext): Promise<Session>
  signUpOptions(input: { email: string; displayName?: string | undefined; redirectTo?: string | undefined }, ctx: BackendContext): Promise<PublicKeyCredentialCreationOptionsJSON>
  /** `null` when the new account must verify its e-mail address before signing in. */
  signUpVerify(input: { credential: RegistrationResponseJSON; nickname?: string | undefined }, ctx: BackendContext): Promise<Session | null>
  addOptions(session: Session, ctx: BackendContext): Promise<PublicKeyCredentialCreationOptionsJSON>
  addVerify(session: Session, input: { credential: RegistrationResponseJSON; nickname?: string | undefined }, ctx: BackendContext): Promise<{ id: string; nickname: string | null }>
  elevateOptions(session: Session, ctx: BackendContext): Promise<PublicKeyCredentialRequestOptionsJSON>
  /** Returns the elevated session. */
  elevateVerify(session: Session, input: { credential: AuthenticationResponseJSON }, ctx: BackendContext): Promise<Session>
  /** Present where `capabilities.passkeyManagement`. */
  list?(session: Session, ctx: BackendContext): Promise<PasskeyInfo[]>
  remove?(session: Session, id: string, ctx: BackendContext): Promise<void>
}

export interface PasskeyInfo {
  id: string
  nickname: string | null
  createdAt: string | null
}

/** A signed-in device of the user, as `capabilities.sessions` backends list them. */
export interface DeviceSession {
  id: string
  /** The session this client holds. */
  current: boolean
  createdAt: string | null
  expiresAt: string | null
  /** What the server knows of the client: a user agent, an IP, a device name. */
  description: string | null
}

export interface SessionOperations {
  list(session: Session, ctx: BackendContext): Promise<DeviceSession[]>
  revoke(session: Session, id: string, ctx: BackendContext): Promise<void>
}

export interface PasswordOperations {
  requestReset(input: { email: string; redirectTo?: string | undefined }, ctx: BackendContext): Promise<void>
  /** With a reset `ticket` (no session needed), or as the signed-in user (`session`). */
  reset(input: { newPassword: string; ticket?: string | undefined; session?: Session | undefined }, ctx: BackendContext): Promise<void>
}

export interface EmailOperations {
  sendVerification(input: { email: string; redirectTo?: string | undefined }, ctx: BackendContext): Promise<void>
  change(session: Session, input: { newEmail: string; redirectTo?: string | undefined }, ctx: BackendContext): Promise<void>
}

export interface PasswordlessOperations {
  magicLink?(input: { email: string; redirectTo?: string | undefined }, ctx: BackendContext): Promise<void>
  emailOtpStart?(input: { email: string }, ctx: BackendContext): Promise<void>
  emailOtpVerify?(input: { email: string; otp: string }, ctx: BackendContext): Promise<Session>
  smsStart?(input: { phoneNumber: string }, ctx: BackendContext): Promise<void>
  smsVerify?(input: { phoneNumber: string; otp: string }, ctx: BackendContext): Promise<SignInResult>
}

export interface AnonymousOperations {
  signIn(input: { displayName?: string | undefined; locale?: string | undefined }, ctx: BackendContext): Promise<Session>
  deanonymize(session: Session, input: { email: string; password: string; redirectTo?: string | undefined }, ctx: BackendContext): Promise<void>
}

export interface PersonalAccessTokenOperations {
  create(session: Session, input: { expiresAt: Date; metadata?: Record<string, unknown> | undefined }, ctx: BackendContext): Promise<{ id: string; personalAccessToken: string }>
  signIn(input: { personalAccessToken: string }, ctx: BackendContext): Promise<Session>
}

export interface OAuthOperations {
  /** The URL to send the browser to. `session` links the provider to the signed-in user instead of signing in. */
  providerUrl(provider: string, input: { redirectTo?: string | undefined; session?: Session | undefined }): Promise<string>
}

/** What the server put on a redirect back to the app, and which query parameters carried it. */
export type RedirectResult = { params: readonly string[]; type: string | null } & (
  | { kind: 'refresh-token'; refreshToken: string }
  | { kind: 'ticket'; ticket: string }
  | { kind: 'error'; error: AuthError }
)

export interface RedirectOperations {
  /** Reads a redirect URL; `null` when it carries nothing for keyward. */
  parse(url: URL): Promise<RedirectResult | null>
  /** Turns the refresh token from a redirect into a session. */
  exchange(refreshToken: string, ctx: BackendContext): Promise<Session>
}
