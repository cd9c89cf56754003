import type { MfaMethod, PasswordCredentials, SignInResult } from './backend.js'
import type { AuthClient } from './client.js'
import { AuthError, AuthErrorCode, toAuthError } from './errors.js'
import type { Session } from './types.js'
import { verifyBackupCode, verifyTotp } from './flows/mfa-verify.js'
import { stopPasskeyAutofill } from './autofill.js'

/** Where a sign-in stands. `done` comes from the session store: it ends when the session does. */
export type SignInStep = 'credentials' | 'mfa' | 'verify-email' | 'redirect' | 'done'

/** What `useSignIn()`, `<SignIn />` and `<MfaChallenge />` read. Immutable: a new object per change. */
export interface SignInSnapshot {
  readonly step: SignInStep
  /** A request of this flow is in flight. */
  readonly isPending: boolean
  /** The last failure of this flow (a wrong password, a wrong code); cleared by the next attempt. */
  readonly error: AuthError | null
  /** In the `mfa` step: the second factors the server offers, and its ticket where it gave one. */
  readonly mfa: { readonly methods: readonly MfaMethod[]; readonly ticket: string | null } | null
  /** In the `verify-email` step: the address that must be verified first. */
  readonly email: string | null
  /** In the `redirect` step: where the browser was sent. */
  readonly redirectUrl: string | null
}

/**
 * The sign-in flow as a state machine over the client, one per client: password → (second factor)
 * → done, or the e-mail to verify, or the redirect to the auth server's page. `getSnapshot` /
 * `subscribe` as for `useSyncExternalStore`; actions reject with the AuthError they also publish.
 * While subscribed, a link that signs in halfway (`AuthRedirect` `mfa`) puts the flow in its `mfa` step.
 */
export interface SignInFlow {
  getSnapshot(): SignInSnapshot
  subscribe(listener: () => void): () => void
  signIn(credentials: PasswordCredentials): Promise<SignInResult>
  /**
   * Runs another first factor (an e-mailed or texted code) as this flow's step: a second factor it
   * asks for is the `mfa` step, as after a password. A link that signs in halfway gets there by itself.
   */
  signInWith(task: () => Promise<SignInResult>): Promise<SignInResult>
  /** Finishes the `mfa` step with an authenticator-app code (`ticket`: for a challenge begun elsewhere). */
  verifyTotp(code: string, options?: { ticket?: string | undefined }): Promise<Session>
  /** Finishes the `mfa` step with one of the user's backup codes. */
  verifyBackupCode(code: string, options?: { ticket?: string | undefined }): Promise<Session>
  /** Back to the first step: clears the error and any isPending second factor. */
  reset(): void
}

const START: SignInSnapshot = Object.freeze({ step: 'credentials', isPending: false, error: null, mfa: null, email: null, redirectUrl: null })
const DONE: SignInSnapshot = Object.freeze({ ...START, step: 'done' })

const flows = new WeakMap<AuthClient, SignInFlow>()

/** The client's sign-in flow (one per client, shared by every hook and form that reads it). */
export function signInFlow(client: AuthClient): SignInFlow {
  let flow = flows.get(client)
  if (!flow) flows.set(client, (flow = createSignInFlow(client)))
  return flow
}

function createSignInFlow(client: AuthClient): SignInFlow {
  const listeners = new Set<() => void>()
  let own = START
  let signedIn = client.getSnapshot().status === 'signedIn'
  let snapshot = signedIn ? DONE : own
  let attempt = 0
  let unwatch: (() => void) | null = null

  // the link result whose second factor this flow took up (each is taken once)
  let linkSeen: unknown = null
  /**
   * Re-reads the session store: signed in is `done`; a session that ends starts the flow over. The
   * links are read once someone subscribes (in the browser, after the first render): a server render
   * reads no browser global.
   */
  function sync(): boolean {
    const now = client.getSnapshot().status === 'signedIn'
    if (now !== signedIn) {
      signedIn = now
      own = START
    }
    // a link that signed in halfway (a magic link for a user with TOTP): its code is this flow's step
    const link = unwatch ? client.links.getStep() : null
    if (link?.status === 'done' && link.result.kind === 'mfa' && link.result !== linkSeen) {
      linkSeen = link.result
      if (!signedIn) {
        attempt += 1
        own = Object.freeze({ ...START, step: 'mfa' as const, mfa: Object.freeze({ methods: link.result.methods, ticket: link.result.ticket }) })
      }
    }
    const next = signedIn ? DONE : own
    if (next === snapshot) return false
    snapshot = next
    return true
  }
  const publish = () => {
    if (sync()) for (const listener of [...listeners]) listener()
  }
  const set = (next: Partial<SignInSnapshot>) => {
    own = Object.freeze({ ...own, ...next })
    publish()
  }

  /** Runs one step; a later attempt (or reset) makes an earlier one's outcome moot. */
  async function step<T>(task: () => Promise<T>, after: (value: T) => Partial<SignInSnapshot>): Promise<T> {
    const id = ++attempt
    set({ isPending: true, error: null })
    try {
      const value = await task()
      if (id === attempt) set({ isPending: false, ...after(value) })
      return value
    } catch (thrown) {
      const error = toAuthError(thrown)
      if (id === attempt) set({ isPending: false, error })
      throw error
    }
  }

  function secondFactor(kind: 'verifyTotp' | 'verifyBackupCode', code: string, options: { ticket?: string | undefined } = {}) {
    const ticket = options.ticket ?? own.mfa?.ticket ?? undefined
    if (own.step !== 'mfa' && options.ticket === undefined) {
      return Promise.reject(new AuthError(AuthErrorCode.InvalidInput, 'Sign in with the password first'))
    }
    return step(
      () => (kind === 'verifyTotp' ? verifyTotp : verifyBackupCode)(client, { ticket, code }),
      () => START,
    )
  }

  /** A first factor's result: the second factor's step, the address to verify, the way out, or done. */
  const firstFactor = (task: () => Promise<SignInResult>) =>
    step(() => (stopPasskeyAutofill(), task()), (result): Partial<SignInSnapshot> => {
      if (result.kind === 'mfa') return { step: 'mfa', mfa: Object.freeze({ methods: result.methods, ticket: result.ticket ?? null }) }
      if (result.kind === 'verify-email') return { step: 'verify-email', email: result.email }
      if (result.kind === 'redirect') {
        // the client kept what the way back needs; the browser leaves the page
        if (typeof location !== 'undefined') location.assign(result.url)
        return { step: 'redirect', redirectUrl: result.url }
      }
      return START
    })

  return {
    getSnapshot() {
      if (!unwatch) sync()
      return snapshot
    },
    subscribe(listener) {
      listeners.add(listener)
      if (!unwatch) {
        const stops = [client.subscribe(publish), client.links.subscribe(publish)]
        unwatch = () => stops.forEach((stop) => stop())
        // what changed before anyone listened (a link handled meanwhile) is read now
        sync()
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) {
          unwatch?.()
          unwatch = null
        }
      }
    },
    signIn: (credentials) => firstFactor(() => client.signInWithPassword(credentials)),
    signInWith: (task) => firstFactor(task),
    verifyTotp: (code, options) => secondFactor('verifyTotp', code, options),
    verifyBackupCode: (code, options) => secondFactor('verifyBackupCode', code, options),
    reset() {
      attempt += 1
      own = START
      publish()
    },
  }
}
