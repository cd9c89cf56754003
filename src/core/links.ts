import type { AuthBackend, BackendContext, LinkPurpose, RedirectResult } from './backend.js'
import { AuthError, AuthErrorCode, isTransient, toAuthError } from './errors.js'
import type { Session } from './types.js'

// Every link an auth server sends into the app (a verification, a reset, a magic link, a provider's
// return) comes back here, once: the adapter's parser says what it is for and what it carries, the
// address bar loses it before any request, and one set of rules handles it whoever is mounted.

/** What a link did, or what it asks for next. */
export type AuthRedirect =
  /** The link signed this user in (a magic link, a provider's return; a verification where the system signs in). */
  | { kind: 'signedIn'; purpose: LinkPurpose; session: Session }
  /** The address is confirmed; a session already there stays as it was. */
  | { kind: 'verified'; purpose: LinkPurpose }
  /** A reset link: the new password is asked next (`completePasswordReset`); nobody is signed in until then. */
  | { kind: 'new-password'; purpose: 'reset-password'; email: string | null }

/** Where the link this client handles stands: what forms and hooks show. */
export type LinkStep =
  | { readonly status: 'none' }
  | { readonly status: 'reading'; readonly purpose: LinkPurpose }
  | { readonly status: 'done'; readonly purpose: LinkPurpose; readonly result: AuthRedirect }
  | { readonly status: 'failed'; readonly purpose: LinkPurpose; readonly error: AuthError }

/** What the link handler needs of the client. */
export interface LinkHost {
  readonly backend: AuthBackend
  readonly name: string
  context(): BackendContext
  current(): Session | null
  /** Resolves once the stored session is restored: a link is handled knowing whether someone is signed in. */
  ready(): Promise<unknown>
  /** How many sign-outs there have been: work begun before one brings nothing back. */
  epoch(): number
  /** Adopts `session` unless a sign-out came after `since`; `null` then. */
  adopt(session: Session, since: number): Promise<Session | null>
  signOut(): Promise<unknown>
  reloadUser(): Promise<unknown>
}

/** The link handler of one client: `arrive` at start, `handle` for a URL given, `step` for the UI. */
export interface AuthLinks {
  getStep(): LinkStep
  subscribe(listener: () => void): () => void
  /** The link the page was opened with (or one put in the address bar since), handled once (`null`: none). */
  arrival(): Promise<AuthRedirect | null>
  /** Handles a link given by the app (a deep link, a test): once per URL. */
  handle(url: URL | string): Promise<AuthRedirect | null>
  /** Whether a reset link's ticket or session waits for the new password. */
  resetPending(): boolean
  /** Sets the new password with what the reset link left (its ticket, or the session it opened), then forgets it. */
  completeReset(newPassword: string): Promise<void>
  /** Forgets a finished or failed link's step (the user moved on: another attempt, another view). */
  dismiss(): void
  /** A sign-out: pending link work ends, and what a reset link left is revoked. */
  cancel(): void
}

/** The `keyward=<purpose>` mark core's forms put on the links they ask for (`landing()`). */
export const LINK_MARK = 'keyward'
const MARKS: Record<string, LinkPurpose> = {
  'sign-in': 'sign-in',
  'magic-link': 'sign-in',
  'verify-email': 'verify-email',
  'change-email': 'change-email',
  'reset-password': 'reset-password',
}

/** What the `keyward` mark on `url` says the link is for (`null`: no mark, or one core does not know). */
export function markedPurpose(url: URL): LinkPurpose | null {
  return MARKS[url.searchParams.get(LINK_MARK) ?? ''] ?? null
}

const NONE: LinkStep = Object.freeze({ status: 'none' })

interface Arriving {
  /** The address as the page was opened, before it was cleaned. */
  href: string
  /** The address once cleaned: a client created on another page does not take this link. */
  cleaned: string
  parsed: RedirectResult
  taken: boolean
}

// The page's own link, read when the first client is created (the address bar is cleaned then) and
// handled by the first client that starts: StrictMode's second client and a remounted provider read a
// clean address and must not lose the link, nor spend it twice.
const arriving = new Map<string, Arriving>()

/** Reads the link in the address bar, cleans it, and keeps it for the first client of `name` that starts. */
function readArrivingLink(name: string, backend: AuthBackend): void {
  if (typeof location === 'undefined' || !backend.redirect) return
  const href = location.href
  const parsed = parseLink(backend, href)
  if (!parsed) {
    // the mark alone (a reload after the link was read, a cut link): nothing to handle, nothing to keep
    removeFromAddress([LINK_MARK])
    return
  }
  removeFromAddress(parsed.params)
  arriving.set(name, { href, cleaned: location.href, parsed, taken: false })
}

function parseLink(backend: AuthBackend, href: string): RedirectResult | null {
  let url: URL
  try {
    url = new URL(href)
  } catch {
    throw new AuthError(AuthErrorCode.InvalidInput, 'url must be an absolute URL')
  }
  const parsed = backend.redirect?.parse(url) ?? null
  return parsed ? { ...parsed, params: [...parsed.params, LINK_MARK] } : null
}

/** Removes a link's parameters from the address bar and this history entry (tokens never linger). */
function removeFromAddress(params: readonly string[]): void {
  if (typeof window === 'undefined' || params.length === 0) return
  const url = new URL(window.location.href)
  let changed = false
  for (const name of params) {
    if (!url.searchParams.has(name)) continue
    url.searchParams.delete(name)
    changed = true
  }
  if (changed) window.history.replaceState(window.history.state, '', url)
}

/** The page's link, where it is this page's and no client has taken it yet. */
function arrivingFor(name: string): Arriving | null {
  const entry = arriving.get(name)
  // on the page it was read on (an app's router may rewrite the query meanwhile, not the page)
  return entry && !entry.taken && typeof location !== 'undefined' && location.pathname === new URL(entry.cleaned).pathname ? entry : null
}

/**
 * Whether two sessions are one on the server: by the server's session id where both carry one
 * (better-auth's token, signed or not), else by the refresh token (two JWTs issued for one user in
 * one second can be equal), else by the token itself.
 */
function sameSession(a: Session | null, b: Session): boolean {
  if (!a) return false
  if (a.sessionId && b.sessionId) return a.sessionId === b.sessionId
  if (a.refreshToken || b.refreshToken) return a.refreshToken === b.refreshToken
  return a.accessToken === b.accessToken
}

export function createLinks(host: LinkHost): AuthLinks {
  let step: LinkStep = NONE
  let looked = false
  /**
   * Reads the page's link on first use in the browser (the first render's `getStep`, or `start`),
   * never during a server render: from then on, forms open on its step, not on a sign-in.
   */
  const look = () => {
    if (looked) return
    looked = true
    readArrivingLink(host.name, host.backend)
    const waiting = arrivingFor(host.name)
    if (waiting) step = Object.freeze({ status: 'reading', purpose: waiting.parsed.purpose })
  }
  const listeners = new Set<() => void>()
  /** Bumped by a sign-out: work begun before it publishes nothing. */
  let generation = 0
  /** What a reset link left for the new password: its ticket, or the session it opened (not adopted). */
  let held: { ticket: string; email: string | null } | { session: Session } | null = null
  let arrival: Promise<AuthRedirect | null> | null = null
  const seen = new Map<string, Promise<AuthRedirect | null>>()

  const publish = (next: LinkStep) => {
    step = next
    for (const listener of [...listeners]) listener()
  }
  const ctx = () => host.context()

  async function finish(parsed: RedirectResult): Promise<Session | null> {
    const finishOp = host.backend.redirect?.finish
    if (!finishOp) throw new AuthError(AuthErrorCode.Unsupported, `${host.backend.id} finishes no ${parsed.kind} link`)
    let state = null
    if (parsed.kind === 'code') {
      // what the `redirect` sign-in step kept (PKCE verifier, state, nonce): once, and only for its own state
      state = (await import('./redirect-state.js')).takeRedirectState(host.name, parsed.state)
      if (!state) throw new AuthError(AuthErrorCode.InvalidTicket, 'This sign-in was not started here, or was already finished')
    }
    return finishOp.call(host.backend.redirect, parsed, state, ctx())
  }

  /** The session a link carries, where it carries one (`null` for one that only confirms). */
  async function linkSession(parsed: RedirectResult): Promise<Session | null> {
    switch (parsed.kind) {
      case 'refresh-token':
      case 'code':
      case 'one-time-token':
      case 'server-session':
        return finish(parsed)
      case 'verify-email': {
        const verify = host.backend.email?.verify
        if (!verify) throw new AuthError(AuthErrorCode.Unsupported, `${host.backend.id} has no email.verify`)
        return verify.call(host.backend.email, { token: parsed.token, ...(parsed.email ? { email: parsed.email } : {}) }, ctx())
      }
      default:
        return null
    }
  }

  /** A session the link opened that nobody will use (a verification while signed in): ended on the server. */
  function discard(session: Session) {
    // never the session in use: a cookie backend's link may report the very session the page holds
    // (better-auth's session cookie and its bearer token name one session)
    if (sameSession(host.current(), session)) return
    void Promise.resolve()
      .then(() => host.backend.signOut(session, ctx()))
      .catch(() => {})
  }

  /** `work.generation`: the sign-outs this work stands after (its own, for a reset link, included). */
  async function run(parsed: RedirectResult, work: { generation: number }): Promise<AuthRedirect | null> {
    await host.ready()
    work.generation = generation
    if (parsed.kind === 'error') throw parsed.error
    const { purpose } = parsed
    if (purpose === 'reset-password') {
      // whoever is signed in here, the link's holder sets a new password for the link's account: the
      // session on this device ends first, so the signed-out forms (`<SignedOut><AuthFlow /></SignedOut>`) ask for it
      if (host.current()) {
        await host.signOut()
        work.generation = generation
      }
      if (parsed.kind === 'ticket') {
        held = { ticket: parsed.ticket, email: parsed.email ?? null }
        return { kind: 'new-password', purpose, email: parsed.email ?? null }
      }
      const session = await linkSession(parsed)
      if (!session) throw new AuthError(AuthErrorCode.InvalidTicket, 'The reset link brought no session: it was spent, or has expired')
      if (work.generation !== generation) {
        discard(session)
        return null
      }
      held = { session }
      return { kind: 'new-password', purpose, email: session.user?.email ?? null }
    }
    if (parsed.kind === 'ticket') throw new AuthError(AuthErrorCode.InvalidResponse, `A ${purpose} link cannot carry a ticket`)
    const since = host.epoch()
    const before = host.current()
    const signedIn = before !== null
    const session = await linkSession(parsed)
    if (purpose === 'sign-in') {
      if (!session) throw new AuthError(AuthErrorCode.InvalidTicket, 'No session came back with the link: it was spent, or the browser refused the auth server its cookie')
      const adopted = await host.adopt(session, since)
      // the link's session replaces the one here, which is ended on the server rather than left behind
      if (adopted && before && !sameSession(before, adopted)) discard(before)
      return adopted ? { kind: 'signedIn', purpose, session: adopted } : null
    }
    // a verification (or a confirmed new address): a session already here stays as it is
    if (session && !signedIn) {
      const adopted = await host.adopt(session, since)
      return adopted ? { kind: 'signedIn', purpose, session: adopted } : null
    }
    if (session) discard(session)
    // the user record now says verified
    if (signedIn && host.backend.getUser) await host.reloadUser().catch(() => {})
    return { kind: 'verified', purpose }
  }

  function start(parsed: RedirectResult): Promise<AuthRedirect | null> {
    const work = { generation }
    publish({ status: 'reading', purpose: parsed.purpose })
    return run(parsed, work).then(
      (result) => {
        // a sign-out since: the link's work is over, and shows nothing
        if (work.generation !== generation) return null
        publish(result ? { status: 'done', purpose: parsed.purpose, result } : NONE)
        return result
      },
      (error: unknown) => {
        const failure = toAuthError(error)
        if (work.generation === generation) publish({ status: 'failed', purpose: parsed.purpose, error: failure })
        throw failure
      },
    )
  }

  return {
    getStep() {
      look()
      return step
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    arrival() {
      look()
      // a link put in the address bar since (an app's own navigation, a test): that one
      if (typeof location !== 'undefined' && (seen.has(location.href) || parseLink(host.backend, location.href))) return this.handle(location.href)
      if (arrival) return arrival
      const entry = arrivingFor(host.name)
      if (!entry) {
        if (step.status === 'reading' && !seen.size) publish(NONE)
        return Promise.resolve(null)
      }
      entry.taken = true
      seen.set(entry.href, (arrival = start(entry.parsed)))
      // a failure that says nothing about the link (offline, a 5xx) must not stick: it may be tried again
      arrival.catch((error: unknown) => {
        if (isTransient(error)) {
          entry.taken = false
          arrival = null
          seen.delete(entry.href)
        }
      })
      return arrival
    },
    handle(url) {
      look()
      const key = String(url)
      if (arrivingFor(host.name)?.href === key) return this.arrival()
      let pending = seen.get(key)
      if (!pending) {
        let parsed: RedirectResult | null
        try {
          parsed = parseLink(host.backend, key)
        } catch (error) {
          return Promise.reject(toAuthError(error))
        }
        if (!parsed) return Promise.resolve(null)
        if (typeof location !== 'undefined' && location.href === key) removeFromAddress(parsed.params)
        pending = start(parsed)
        seen.set(key, pending)
        pending.catch((error: unknown) => {
          if (isTransient(error)) seen.delete(key)
        })
      }
      return pending
    },
    resetPending: () => held !== null,
    async completeReset(newPassword) {
      const kept = held
      if (!kept) throw new AuthError(AuthErrorCode.InvalidTicket, 'No reset link is waiting for a new password')
      const password = host.backend.password
      if ('ticket' in kept) {
        if (!password?.reset) throw new AuthError(AuthErrorCode.Unsupported, `${host.backend.id} has no password.reset`)
        await password.reset({ newPassword, token: kept.ticket, ...(kept.email ? { email: kept.email } : {}) }, ctx())
        held = null
      } else {
        if (!password?.change) throw new AuthError(AuthErrorCode.Unsupported, `${host.backend.id} has no password.change`)
        const since = host.epoch()
        await password.change(kept.session, { newPassword }, ctx())
        held = null
        // the link opened this session: with the new password set, it is the user's
        await host.adopt(kept.session, since)
      }
      publish(NONE)
    },
    dismiss() {
      if (step.status === 'done' || step.status === 'failed') publish(NONE)
    },
    cancel() {
      generation += 1
      const kept = held
      held = null
      if (kept && 'session' in kept) discard(kept.session)
      if (step.status !== 'none') publish(NONE)
    },
  }
}
