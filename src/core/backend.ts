import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser'
import type { AuthError } from './errors.js'
import type { Session, User } from './types.js'

/**
 * What a backend offers, derived from the operations it has (`capabilitiesOf`): one source of truth.
 * Hooks throw `AuthError('unsupported')` and forms hide what is `false`.
 */
export interface Capabilities {
  /** E-mail and password sign-in (`signInWithPassword`). */
  passwordSignIn: boolean
  /** Sign-in on the auth server's own page (`signInWithRedirect`): OpenID Connect, AuthHero. */
  redirectSignIn: boolean
  signUp: boolean
  /** Sessions are renewed with a refresh token. `false` for opaque or long-lived tokens and cookie sessions. */
  refresh: boolean
  /** Sign-out can end every session of the user, not only this device's. */
  signOutEverywhere: boolean
  /** The user's other sessions can be ended at once, this one kept. */
  signOutOthers: boolean
  emailVerification: boolean
  /** TOTP can be turned on and off (the sign-in challenge is offered whenever a sign-in asks for it). */
  mfaTotp: boolean
  /** Backup codes: shown once at setup, regenerated, accepted in the sign-in challenge. */
  backupCodes: boolean
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
  /** Rename one of the user's passkeys. */
  passkeyRename: boolean
  /** Create an account with a passkey and no password (`passkey.signUpOptions`). */
  passkeySignUp: boolean
  personalAccessTokens: boolean
  oauth: boolean
  elevation: boolean
  /** Whether an account exists for an e-mail address (`accountExists`): the identifier-first sign-in. */
  accountLookup: boolean
  /** The signed-in user can delete their own account (`account.delete`). */
  deleteAccount: boolean
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
  /** Values of the backend's `signUpFields`, by name. */
  fields?: Readonly<Record<string, string>> | undefined
}

/** How a second factor can be given: an authenticator-app code, a backup code, a code sent by e-mail. */
export type MfaMethod = 'totp' | 'backup-code' | 'otp'

/**
 * What the browser must carry across a full-page redirect for the adapter to finish the sign-in
 * (a PKCE verifier, `state`, a nonce). The client keeps it in storage it owns, never in the URL.
 */
export type RedirectState = Readonly<Record<string, string>>

/** A sign-in that is not done until a second factor is given (`mfa.verifyTotp`, `mfa.verifyBackupCode`). */
export interface MfaStep {
  kind: 'mfa'
  methods: readonly MfaMethod[]
  /**
   * The pending sign-in, where the server hands it over (Nhost's ticket); absent where the server
   * keeps it itself (better-auth's two-factor cookie).
   */
  ticket?: string | undefined
}

export type SignInResult =
  | { kind: 'session'; session: Session }
  | MfaStep
  | { kind: 'verify-email'; email: string }
  /** Send the browser to `url`; the redirect back is finished by `redirect.finish` with `state`. */
  | { kind: 'redirect'; url: string; state: RedirectState }

export type SignUpResult =
  | { kind: 'session'; session: Session }
  /**
   * `resume`: the account is created by the same sign-up once the address is verified (CREDEBL
   * verifies first, then registers): send the same input again after the link.
   */
  | { kind: 'verify-email'; email: string; resume?: boolean | undefined }
  | { kind: 'redirect'; url: string; state: RedirectState }

export interface SignOutOptions {
  /** End every session of the user (where `capabilities.signOutEverywhere`). */
  all?: boolean | undefined
}

/**
 * What a backend is like, rather than what it does: read by core, hooks and forms, never called for
 * an operation.
 */
export interface BackendTraits {
  /** A name to show people ("Continue with …", the demo's header). Default: the backend's `id`. */
  readonly displayName?: string | undefined
  /**
   * How the app's own API requests prove the session: `'bearer'` adds `Authorization: Bearer`;
   * `'cookie'` sends credentials and leaves the token to the browser (Medusa's session cookie).
   */
  readonly transport: 'bearer' | 'cookie'
  /** The server's password rules, for forms to check before sending (Nhost: 3–50 characters). */
  readonly passwordPolicy?: { minLength?: number; maxLength?: number } | undefined
  /**
   * Seconds during which the server still answers a refresh token it has already rotated (with the
   * same successor: Supabase's reuse interval, Auth0's leeway). `0` where a rotated token is refused
   * at once (or revokes its family); `Infinity` where refresh tokens are not rotated. Default `0`.
   * After a refresh got no usable answer, the token is sent again only inside this interval; past it,
   * the session is kept untouched until its access token is about to expire, then tried once more.
   */
  readonly refreshTokenReuseInterval?: number | undefined
  /**
   * Where the access token says the session is elevated (a recent passkey check): the claim's path,
   * e.g. Nhost's `['https://hasura.io/jwt/claims', 'x-hasura-auth-elevated']`. Elevated while the
   * claim holds a non-empty value, until the token's `exp`. Data, not code: only `useElevation()`
   * reads it, so an app without that hook does not ship the token decoding.
   */
  readonly elevationClaim?: readonly string[] | undefined
  /** Recognises the backend's "this refresh token is dead" verdict; defaults to `invalid-refresh-token`. */
  isSessionRejected?(error: AuthError): boolean
  /**
   * Whether an API reply means "the access token is no longer accepted" and deserves one refresh and
   * retry in `client.fetch`. Default: status 401. (Replyke answers 403 for an expired token.)
   */
  isTokenRejected?(response: Response): boolean
}

/** The session's lifecycle: keeping it, reading whose it is, ending it. */
export interface SessionOperations {
  /**
   * Ends the session on the server. Resolves with a `redirectUrl` where ending it takes the browser
   * (OpenID Connect's `end_session_endpoint`): the client signs out locally, then goes there.
   */
  signOut(session: Session, ctx: BackendContext): Promise<void | { redirectUrl: string }>
  /** Ends every session of the user, this one included. */
  signOutEverywhere?(session: Session, ctx: BackendContext): Promise<void>
  /** Ends every other session of the user; this one stays signed in. */
  signOutOthers?(session: Session, ctx: BackendContext): Promise<void>
  /** Exchanges the refresh token for a new session. */
  refresh?(session: Session, ctx: BackendContext): Promise<Session>
  /**
   * The session the browser already holds where nothing is in storage (a cookie session): one request
   * on start; `null` when nobody is signed in.
   */
  restore?(ctx: BackendContext): Promise<Session | null>
  /** The current user. Absent where the session carries the user (claims, the sign-in reply). */
  getUser?(session: Session, ctx: BackendContext): Promise<User>
}

/** Signing in (besides passkeys, e-mailed links and codes, and anonymous sign-in, which have groups of their own). */
export interface SignInOperations {
  /** E-mail and password. */
  withPassword?(input: PasswordCredentials, ctx: BackendContext): Promise<SignInResult>
  /** Starts a sign-in on the auth server's own page: answers `{ kind: 'redirect' }`. */
  withRedirect?(input: { redirectTo: string; signUp?: boolean | undefined }, ctx: BackendContext): Promise<SignInResult>
  /**
   * Whether an account exists for `email` (Medusa's `GET /store/auth/{email}`), for a sign-in that asks
   * for the e-mail first and then offers the password or a new account. Where absent, the forms ask for
   * the password without telling.
   */
  accountExists?(input: { email: string }, ctx: BackendContext): Promise<boolean>
}

/** Creating an account with e-mail and password (a passkey sign-up is in `passkey`). */
export interface SignUpOperations {
  /** What a sign-up form must ask for besides e-mail and password (Medusa's and CREDEBL's names). */
  readonly fields?: readonly SignUpField[] | undefined
  withPassword(input: SignUpInput, ctx: BackendContext): Promise<SignUpResult>
}

/**
 * An auth system behind keyward: an `id`, its `traits`, and its operations in groups. Operations
 * return plain results, never HTTP responses, and throw only `AuthError`; a group or method that is
 * absent is a capability the backend does not offer (`capabilitiesOf`). `keyward/backends/kit` has
 * what an adapter is built from; `docs/writing-a-backend.md` walks through one.
 */
export interface AuthBackend {
  readonly id: string
  readonly traits: BackendTraits
  readonly session: SessionOperations
  readonly signIn?: SignInOperations | undefined
  readonly signUp?: SignUpOperations | undefined
  readonly mfa?: MfaOperations | undefined
  readonly passkey?: PasskeyOperations | undefined
  readonly password?: PasswordOperations | undefined
  readonly email?: EmailOperations | undefined
  readonly passwordless?: PasswordlessOperations | undefined
  readonly anonymous?: AnonymousOperations | undefined
  readonly pat?: PersonalAccessTokenOperations | undefined
  /** The user's signed-in devices. */
  readonly devices?: DeviceOperations | undefined
  readonly account?: AccountOperations | undefined
  readonly oauth?: OAuthOperations | undefined
  /** Reads what the server appended to a redirect back to the app (verification, magic link, OAuth). */
  readonly redirect?: RedirectOperations | undefined
}

/** The groups of operations (every key of `AuthBackend` but `id` and `traits`). */
export type OperationGroup = Exclude<keyof AuthBackend, 'id' | 'traits'>

/** `group.method` for every operation of the contract: what a capability stands for, checked by the compiler. */
export type OperationPath = {
  [G in OperationGroup]: `${G}.${Extract<keyof NonNullable<AuthBackend[G]>, string>}`
}[OperationGroup]

/** An extra sign-up field the backend requires or accepts; its value goes to `SignUpInput.fields`. */
export interface SignUpField {
  name: string
  /** The forms' localization key and input type. */
  kind: 'givenName' | 'familyName' | 'displayName' | 'username' | 'phone'
  required: boolean
}

export interface TotpSecret {
  /** Base32 secret, for users who type it into their authenticator app. */
  secret: string
  /** The `otpauth://` URI when the server builds it (better-auth); keyward builds one otherwise. */
  uri?: string | undefined
  /** The server's own QR image (a data URL), when it sends one. */
  imageUrl: string | null
  /** Backup codes issued with the secret (better-auth), shown to the user once. */
  backupCodes?: readonly string[] | undefined
}

/** How the user proves themselves to turn TOTP on and off (the adapter says which). */
export interface MfaProof {
  code?: string | undefined
  password?: string | undefined
}

export interface MfaOperations {
  /** What turning TOTP on (`setupTotp`) and off (`disableTotp`) needs: a current code, or the password. */
  readonly confirmWith: 'code' | 'password'
  /** A new secret (with `{ password }` where `confirmWith` is `'password'`). */
  setupTotp?(session: Session, proof: MfaProof, ctx: BackendContext): Promise<TotpSecret>
  /**
   * Confirms setup with a code from the app; TOTP is on from then. Resolves with the new session where
   * the server replaces it (better-auth does, on enable and disable).
   */
  enableTotp?(session: Session, code: string, ctx: BackendContext): Promise<Session | void>
  disableTotp?(session: Session, proof: MfaProof, ctx: BackendContext): Promise<Session | void>
  /** New backup codes, replacing the old ones. */
  regenerateBackupCodes?(session: Session, proof: MfaProof, ctx: BackendContext): Promise<string[]>
  /** Finishes a sign-in that answered `{ kind: 'mfa' }`. */
  verifyTotp?(input: { ticket?: string | undefined; code: string }, ctx: BackendContext): Promise<Session>
  /** Finishes the sign-in challenge with one of the user's backup codes. */
  verifyBackupCode?(input: { ticket?: string | undefined; code: string }, ctx: BackendContext): Promise<Session>
}

export interface PasskeyOperations {
  signInOptions(input: { email?: string | undefined }, ctx: BackendContext): Promise<PublicKeyCredentialRequestOptionsJSON>
  signInVerify(input: { credential: AuthenticationResponseJSON }, ctx: BackendContext): Promise<Session>
  signUpOptions?(input: { email: string; displayName?: string | undefined; redirectTo?: string | undefined }, ctx: BackendContext): Promise<PublicKeyCredentialCreationOptionsJSON>
  /** `null` when the new account must verify its e-mail address before signing in. */
  signUpVerify?(input: { credential: RegistrationResponseJSON; nickname?: string | undefined }, ctx: BackendContext): Promise<Session | null>
  addOptions?(session: Session, ctx: BackendContext): Promise<PublicKeyCredentialCreationOptionsJSON>
  addVerify?(session: Session, input: { credential: RegistrationResponseJSON; nickname?: string | undefined }, ctx: BackendContext): Promise<{ id: string; nickname: string | null }>
  elevateOptions?(session: Session, ctx: BackendContext): Promise<PublicKeyCredentialRequestOptionsJSON>
  /** Returns the elevated session. */
  elevateVerify?(session: Session, input: { credential: AuthenticationResponseJSON }, ctx: BackendContext): Promise<Session>
  list?(session: Session, ctx: BackendContext): Promise<PasskeyInfo[]>
  remove?(session: Session, id: string, ctx: BackendContext): Promise<void>
  /** Gives one of the user's passkeys a new name (`capabilities.passkeyRename`). */
  rename?(session: Session, id: string, nickname: string, ctx: BackendContext): Promise<void>
}

export interface PasskeyInfo {
  /** The server's id for it: what `remove` and `rename` take. */
  id: string
  nickname: string | null
  createdAt: string | null
  /**
   * The WebAuthn credential id (base64url), as the browser knows it: the accepted list keyward
   * signals to the password manager after a listing (`PublicKeyCredential.signalAllAcceptedCredentials`).
   * `null` where the server does not hand it out; then no such signal is sent.
   */
  credentialId: string | null
  /** The authenticator model's AAGUID, where the server kept it: `<Passkeys />` names the password manager or key from it. */
  aaguid: string | null
  /** When it last signed in, where the server tracks it. */
  lastUsedAt: string | null
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
  /** The browser's user-agent string as the server recorded it, where it did (`<Sessions />` names the browser and OS from it). */
  userAgent: string | null
  /** When the session was last used (its last refresh or request, as the server tracks it). */
  lastActiveAt: string | null
  /** The address the session was last used from, where the server records it. */
  ipAddress: string | null
}

/** The signed-in user's own account. */
export interface AccountOperations {
  /**
   * Deletes the signed-in user's account: `'deleted'` (every session of it is over), or
   * `'confirm-by-email'` where the server first e-mails a link that confirms it.
   */
  delete(session: Session, input: { password?: string | undefined }, ctx: BackendContext): Promise<'deleted' | 'confirm-by-email'>
  /** The server asks for the current password with the deletion (`<DeleteAccount />` asks for it). */
  readonly deleteNeedsPassword?: boolean | undefined
}

export interface DeviceOperations {
  list(session: Session, ctx: BackendContext): Promise<DeviceSession[]>
  revoke(session: Session, id: string, ctx: BackendContext): Promise<void>
}

export interface PasswordOperations {
  requestReset?(input: { email: string; redirectTo?: string | undefined }, ctx: BackendContext): Promise<void>
  /** Sets a new password with the token from the reset e-mail (and the e-mail, where the system needs it). */
  reset?(input: { newPassword: string; token: string; email?: string | undefined }, ctx: BackendContext): Promise<void>
  /** Whether `change` needs the current password (better-auth, CREDEBL, Replyke) or not (Nhost). */
  readonly changeNeedsCurrent?: boolean
  /** Resolves with the new session where the server replaces it. */
  change?(session: Session, input: { newPassword: string; currentPassword?: string | undefined }, ctx: BackendContext): Promise<Session | void>
}

export interface EmailOperations {
  sendVerification?(input: { email: string; redirectTo?: string | undefined }, ctx: BackendContext): Promise<void>
  /** Verifies the address with the token from the e-mail; a session where the system signs the user in. */
  verify?(input: { token: string; email?: string | undefined }, ctx: BackendContext): Promise<Session | null>
  change?(session: Session, input: { newEmail: string; redirectTo?: string | undefined }, ctx: BackendContext): Promise<void>
}

export interface PasswordlessOperations {
  magicLink?(input: { email: string; redirectTo?: string | undefined }, ctx: BackendContext): Promise<void>
  emailOtpStart?(input: { email: string }, ctx: BackendContext): Promise<void>
  /** Like a password sign-in, may ask for the second factor (Supabase: a user with TOTP is at aal1 until the code). */
  emailOtpVerify?(input: { email: string; otp: string }, ctx: BackendContext): Promise<SignInResult>
  smsStart?(input: { phoneNumber: string }, ctx: BackendContext): Promise<void>
  smsVerify?(input: { phoneNumber: string; otp: string }, ctx: BackendContext): Promise<SignInResult>
}

export interface AnonymousOperations {
  signIn(input: { displayName?: string | undefined; locale?: string | undefined }, ctx: BackendContext): Promise<Session>
  deanonymize?(session: Session, input: { email: string; password: string; redirectTo?: string | undefined }, ctx: BackendContext): Promise<void>
}

export interface PersonalAccessTokenOperations {
  create(session: Session, input: { expiresAt: Date; metadata?: Record<string, unknown> | undefined }, ctx: BackendContext): Promise<{ id: string; personalAccessToken: string }>
  signIn(input: { personalAccessToken: string }, ctx: BackendContext): Promise<Session>
}

/** A social sign-in provider enabled on the auth server, as the app configured the adapter. */
export interface OAuthProvider {
  /** The server's name for it (`github`, `google`). */
  id: string
  /** What people read ("Continue with GitHub"). Default: a known brand's name, else `id` capitalized. */
  name?: string | undefined
  /**
   * The brand's logo for its button: an SVG path in a 24×24 box, as Simple Icons' are
   * (`import { siGithub } from 'simple-icons'`, then `{ id: 'github', icon: siGithub }`). Only the
   * logos an app imports reach its bundle. Drawn in the button's text color.
   */
  icon?: { readonly path: string } | undefined
}

export interface OAuthOperations {
  /**
   * The providers to offer as buttons, in order (an id, or `{ id, name }`): those the app enabled on
   * the server (servers do not list them to the browser). Empty or absent: forms show none, `useOAuth().signIn(id)` still works.
   */
  readonly providers?: ReadonlyArray<string | OAuthProvider>
  /**
   * The URL to send the browser to. `session` links the provider to the signed-in user instead of
   * signing in. `ctx` for a server that must be asked first (Auth.js answers the provider's page to a
   * POST that sets its state cookies); an adapter that builds the URL itself ignores it. With `state`
   * where the way back needs what only this browser may hold (Supabase's PKCE verifier): the client
   * keeps it, as for a `redirect` sign-in step, and hands it to `redirect.finish` with the returned `code`.
   */
  providerUrl(provider: string, input: { redirectTo?: string | undefined; session?: Session | undefined }, ctx: BackendContext): Promise<string | { url: string; state: RedirectState }>
}

/**
 * What a link from the auth server (an e-mail's, a provider's return) is for. Core handles each
 * purpose one way, whichever component is mounted: `sign-in` signs in; `verify-email` and
 * `change-email` confirm an address and leave a signed-in session as it is; `reset-password` asks for
 * a new password before anyone is signed in.
 */
export type LinkPurpose = 'sign-in' | 'verify-email' | 'change-email' | 'reset-password'

/**
 * What the server put on a redirect back to the app: what the link is for, what it carries, and which
 * query parameters carried it (core removes them from the address bar before any request).
 */
export type RedirectResult = { params: readonly string[]; purpose: LinkPurpose } & (
  | { kind: 'refresh-token'; refreshToken: string }
  /** An authorization code (OpenID Connect), finished with the state kept across the redirect. */
  | { kind: 'code'; code: string; state: string | null }
  /** A one-time token that signs in (a magic link, better-auth's one-time-token plugin). */
  | { kind: 'one-time-token'; token: string }
  /**
   * The auth server may have signed the browser in with its own cookie before sending it back
   * (better-auth's magic link, its verification with `autoSignInAfterVerification`): `finish` reads
   * that session with the cookie, `null` when there is none.
   */
  | { kind: 'server-session' }
  /**
   * The auth server verified the e-mail address before sending the browser back, and signed nobody
   * in: nothing to finish.
   */
  | { kind: 'verified' }
  /**
   * A verification link the page itself confirms (CREDEBL's `?email&verificationCode`): the client calls
   * `email.verify` with the token (and the address).
   */
  | { kind: 'verify-email'; token: string; email?: string | undefined }
  /**
   * A token for the next step (a password-reset link): kept by the client, not spent, until the new
   * password is given; with the e-mail address where the link carries it and the system needs it (Medusa's reset).
   */
  | { kind: 'ticket'; ticket: string; email?: string | undefined }
  | { kind: 'error'; error: AuthError }
)

export interface RedirectOperations {
  /**
   * Reads a URL the page was opened with; `null` when it carries nothing of this auth server's.
   * Synchronous and in the adapter's up-front code: core reads the link and cleans the address bar
   * before any request (a chunk load would send the address in its `Referer`). Recognise only what is
   * unambiguously the server's (its own parameter names, or the `keyward` mark core's forms put on
   * their links): core removes `params` from any page's address.
   */
  parse(url: URL): RedirectResult | null
  /**
   * Turns a redirect that carries a session (`refresh-token`, `code`, `one-time-token`, `server-session`)
   * into one. `state` is what the `redirect` sign-in step asked the client to keep (`null` when none is
   * kept). `null`: the link brought no session (a `server-session` link whose cookie did not come).
   * An `MfaStep` where the link signs in only halfway (Supabase: a user with TOTP is at aal1 until the
   * code): the client's sign-in flow goes to its `mfa` step, as after a password.
   */
  finish?(result: RedirectResult, state: RedirectState | null, ctx: BackendContext): Promise<Session | MfaStep | null>
}
