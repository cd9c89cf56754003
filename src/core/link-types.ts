import type { LinkPurpose, MfaMethod, MfaStep } from './backend.js'
import type { AuthError } from './errors.js'
import type { SessionKeeper } from './session.js'
import type { Session } from './types.js'

// The types the link store (links.ts) and the link handler (link-handler.ts) share.

/** What a link did, or what it asks for next. */
export type AuthRedirect =
  /** The link signed this user in (a magic link, a provider's return; a verification where the system signs in). */
  | { kind: 'signedIn'; purpose: LinkPurpose; session: Session }
  /**
   * The link signed in halfway: the second factor is asked next (the client's sign-in flow is in its
   * `mfa` step, so `<SignIn />` shows the code form); nobody is signed in until then.
   */
  | { kind: 'mfa'; purpose: LinkPurpose; methods: readonly MfaMethod[]; ticket: string | null }
  /** The address is confirmed; a session already there stays as it was. */
  | { kind: 'verified'; purpose: LinkPurpose }
  /** A reset link: the new password is asked next (`completePasswordReset`); nobody is signed in until then. */
  | {
      kind: 'new-password'
      purpose: 'reset-password'
      email: string | null
      /**
       * The second factor the new password waits for, where the link signed in halfway (Supabase: a
       * user with TOTP sets a password only at aal2): give the code with it (`completePasswordReset`'s `code`).
       */
      secondFactor?: readonly MfaMethod[] | undefined
    }

/** Where the link this client handles stands: what forms and hooks show. */
export type LinkStep =
  | { readonly status: 'none' }
  | { readonly status: 'reading'; readonly purpose: LinkPurpose }
  | { readonly status: 'done'; readonly purpose: LinkPurpose; readonly result: AuthRedirect }
  | { readonly status: 'failed'; readonly purpose: LinkPurpose; readonly error: AuthError }

/** What the link handler works on: the client, the sign-outs it stands after, what a reset link left. */
export interface LinkState {
  readonly keeper: SessionKeeper
  /** The client's sign-out (a reset link ends the session on this device first). */
  signOut(): Promise<unknown>
  /** Bumped by a sign-out: work begun before it publishes nothing. */
  generation: number
  /** What a reset link left for the new password: its ticket, the session it opened (not adopted), or the second factor it still asks. */
  held: { ticket: string; email: string | null } | { session: Session } | { step: MfaStep } | null
}
