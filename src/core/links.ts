import type { AuthBackend, RedirectResult } from './backend.js'
import { AuthError, AuthErrorCode, isTransient, toAuthError } from './errors.js'
import { LINK_MARK } from './link-mark.js'
import type { AuthRedirect, LinkState, LinkStep } from './link-types.js'
import type { SessionKeeper } from './session.js'
import type { Session } from './types.js'

export type { AuthRedirect, LinkState, LinkStep } from './link-types.js'
export { LINK_MARK, markedPurpose } from './link-mark.js'

// Every link an auth server sends into the app (a verification, a reset, a magic link, a provider's
// return) comes back here, once: the adapter's parser says what it is for and what it carries, the
// address bar loses it before any request, and one set of rules handles it whoever is mounted.

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
  completeReset(newPassword: string, code?: string): Promise<void>
  /**
   * The session a reset link opened and holds for the new password (Nhost's and Supabase's links sign in),
   * `null` where the link left a ticket, asks a second factor first, or there is none: what a passkey
   * can be made for instead of a new password (`completeResetWithPasskey`).
   */
  resetSession(): Session | null
  /** Makes the reset link's session the user's without a new password (a passkey was made for it), then forgets the link. */
  adoptReset(): Promise<void>
  /** Forgets a finished or failed link's step (the user moved on: another attempt, another view). */
  dismiss(): void
  /** A sign-out: pending link work ends, and what a reset link left is revoked. */
  cancel(): void
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

export function createLinks(keeper: SessionKeeper, signOut: () => Promise<unknown>): AuthLinks {
  let step: LinkStep = NONE
  let looked = false
  /**
   * Reads the page's link on first use in the browser (the first render's `getStep`, or `start`),
   * never during a server render: from then on, forms open on its step, not on a sign-in.
   */
  const look = () => {
    if (looked) return
    looked = true
    readArrivingLink(keeper.name, keeper.backend)
    const waiting = arrivingFor(keeper.name)
    if (waiting) step = Object.freeze({ status: 'reading', purpose: waiting.parsed.purpose })
  }
  const listeners = new Set<() => void>()
  /** What the handler reads and writes: the sign-out count it stands after, and what a reset link left. */
  const state: LinkState = { keeper, signOut, generation: 0, held: null }
  let arrival: Promise<AuthRedirect | null> | null = null
  const seen = new Map<string, Promise<AuthRedirect | null>>()
  const handler = () => import('./link-handler.js')

  const publish = (next: LinkStep) => {
    step = next
    for (const listener of [...listeners]) listener()
  }

  function start(parsed: RedirectResult): Promise<AuthRedirect | null> {
    const work = { generation: state.generation }
    publish({ status: 'reading', purpose: parsed.purpose })
    return handler()
      .then(({ runLink }) => runLink(parsed, work, state))
      .then(
      (result) => {
        // a sign-out since: the link's work is over, and shows nothing
        if (work.generation !== state.generation) return null
        publish(result ? { status: 'done', purpose: parsed.purpose, result } : NONE)
        return result
      },
      (error: unknown) => {
        const failure = toAuthError(error)
        if (work.generation === state.generation) publish({ status: 'failed', purpose: parsed.purpose, error: failure })
        throw failure
      },
    )
  }

  const links: AuthLinks = {
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
      if (typeof location !== 'undefined' && (seen.has(location.href) || parseLink(keeper.backend, location.href))) return links.handle(location.href)
      if (arrival) return arrival
      const entry = arrivingFor(keeper.name)
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
      if (arrivingFor(keeper.name)?.href === key) return links.arrival()
      let pending = seen.get(key)
      if (!pending) {
        let parsed: RedirectResult | null
        try {
          parsed = parseLink(keeper.backend, key)
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
    resetPending: () => state.held !== null,
    resetSession: () => (state.held && 'session' in state.held ? state.held.session : null),
    async adoptReset() {
      const kept = state.held
      if (!kept || !('session' in kept)) throw new AuthError(AuthErrorCode.InvalidTicket, 'No reset link holds a session to sign in with')
      const since = keeper.epoch()
      state.held = null
      await keeper.adopt(kept.session, since)
      publish(NONE)
    },
    async completeReset(newPassword, code) {
      await (await handler()).completeReset(state, newPassword, code)
      publish(NONE)
    },
    dismiss() {
      if (step.status === 'done' || step.status === 'failed') publish(NONE)
    },
    cancel() {
      state.generation += 1
      const kept = state.held
      state.held = null
      if (kept && 'session' in kept) void handler().then(({ discard }) => discard(keeper, kept.session), () => {})
      if (step.status !== 'none') publish(NONE)
    },
  }
  // a session's end (not a restore that found none) ends pending link work: nothing it finishes
  // later brings a session back
  keeper.observe((event) => {
    if (event.type === 'ending' && event.signedIn) links.cancel()
  })
  return links
}
