import { takeRedirectState } from './redirect-state.js'
import type { MfaStep, RedirectResult } from './backend.js'
import { AuthError, AuthErrorCode } from './errors.js'
import type { AuthRedirect, LinkState } from './link-types.js'
import type { SessionKeeper } from './session.js'
import type { Session } from './types.js'

// How core handles a link (docs/links.md). links.ts reads the link and keeps the step; this does what
// the link is for.

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

async function finish(keeper: SessionKeeper, parsed: RedirectResult): Promise<Session | MfaStep | null> {
  const finishOp = keeper.backend.redirect?.finish
  if (!finishOp) throw new AuthError(AuthErrorCode.Unsupported, `${keeper.backend.id} finishes no ${parsed.kind} link`)
  let kept = null
  if (parsed.kind === 'code') {
    // what the `redirect` sign-in step kept (PKCE verifier, state, nonce): once, and only for its own state
    kept = takeRedirectState(keeper.name, parsed.state)
    if (!kept) throw new AuthError(AuthErrorCode.InvalidTicket, 'This sign-in was not started here, or was already finished')
  }
  return finishOp.call(keeper.backend.redirect, parsed, kept, keeper.context())
}

/** The session a link carries, where it carries one (`null` for one that only confirms), or the second factor it still asks. */
async function linkSession(keeper: SessionKeeper, parsed: RedirectResult): Promise<Session | MfaStep | null> {
  switch (parsed.kind) {
    case 'refresh-token':
    case 'code':
    case 'one-time-token':
    case 'server-session':
      return finish(keeper, parsed)
    case 'verify-email': {
      const verify = keeper.backend.email?.verify
      if (!verify) throw new AuthError(AuthErrorCode.Unsupported, `${keeper.backend.id} has no email.verify`)
      return verify.call(keeper.backend.email, { token: parsed.token, ...(parsed.email ? { email: parsed.email } : {}) }, keeper.context())
    }
    default:
      return null
  }
}

const isMfaStep = (value: Session | MfaStep | null): value is MfaStep => value !== null && 'kind' in value && value.kind === 'mfa'

/** A session the link opened that nobody will use (a verification while signed in): ended on the server. */
export function discard(keeper: SessionKeeper, session: Session): void {
  // never the session in use: a cookie backend's link may report the very session the page holds
  // (better-auth's session cookie and its bearer token name one session)
  if (sameSession(keeper.current(), session)) return
  void Promise.resolve()
    .then(() => keeper.backend.session.signOut(session, keeper.context()))
    .catch(() => {})
}

/** Does what `parsed` is for. `work.generation`: the sign-outs this work stands after (its own, for a reset link, included). */
export async function runLink(parsed: RedirectResult, work: { generation: number }, state: LinkState): Promise<AuthRedirect | null> {
  const { keeper } = state
  // a hook may ask in its effect before the provider's effect starts the client (children's effects
  // run first): one task later it has; a client nobody starts handles links as signed out
  if (!keeper.restoring()) await new Promise((resolve) => setTimeout(resolve, 0))
  await keeper.ready()
  work.generation = state.generation
  if (parsed.kind === 'error') throw parsed.error
  const { purpose } = parsed
  if (purpose === 'reset-password') {
    // whoever is signed in here, the link's holder sets a new password for the link's account: the
    // session on this device ends first, so the signed-out forms (`<SignedOut><AuthFlow /></SignedOut>`) ask for it
    if (keeper.current()) {
      await state.signOut()
      work.generation = state.generation
    }
    if (parsed.kind === 'ticket') {
      state.held = { ticket: parsed.ticket, email: parsed.email ?? null }
      return { kind: 'new-password', purpose, email: parsed.email ?? null }
    }
    const session = await linkSession(keeper, parsed)
    if (!session) throw new AuthError(AuthErrorCode.InvalidTicket, 'The reset link brought no session: it was spent, or has expired')
    if (isMfaStep(session)) {
      // signed in halfway: the new password goes with the second factor's code
      if (work.generation !== state.generation) return null
      state.held = { step: session }
      return { kind: 'new-password', purpose, email: null, secondFactor: session.methods }
    }
    if (work.generation !== state.generation) {
      discard(keeper, session)
      return null
    }
    state.held = { session }
    return { kind: 'new-password', purpose, email: session.user?.email ?? null }
  }
  if (parsed.kind === 'ticket') throw new AuthError(AuthErrorCode.InvalidResponse, `A ${purpose} link cannot carry a ticket`)
  const since = keeper.epoch()
  const before = keeper.current()
  const session = await linkSession(keeper, parsed)
  if (isMfaStep(session)) {
    // signed in halfway: a session here (a verification opened while signed in) stays as it is
    if (before && purpose !== 'sign-in') return { kind: 'verified', purpose }
    if (work.generation !== state.generation) return null
    return { kind: 'mfa', purpose, methods: session.methods, ticket: session.ticket ?? null }
  }
  if (purpose === 'sign-in') {
    if (!session) throw new AuthError(AuthErrorCode.InvalidTicket, 'No session came back with the link: it was spent, or the browser refused the auth server its cookie')
    const adopted = await keeper.adopt(session, since)
    // the link's session replaces the one here, which is ended on the server rather than left behind
    if (adopted && before && !sameSession(before, adopted)) discard(keeper, before)
    return adopted ? { kind: 'signedIn', purpose, session: adopted } : null
  }
  // a verification (or a confirmed new address): a session already here stays as it is
  if (session && !before) {
    const adopted = await keeper.adopt(session, since)
    return adopted ? { kind: 'signedIn', purpose, session: adopted } : null
  }
  if (session) discard(keeper, session)
  // the user record now says verified
  if (before && keeper.backend.session.getUser) await keeper.reloadUser(before).catch(() => {})
  return { kind: 'verified', purpose }
}

/**
 * Sets the new password with what the reset link left (its ticket, or the session it opened, or the
 * second factor it asks: then with `code`), then forgets it.
 */
export async function completeReset(state: LinkState, newPassword: string, code?: string): Promise<void> {
  const { keeper } = state
  let kept = state.held
  if (!kept) throw new AuthError(AuthErrorCode.InvalidTicket, 'No reset link is waiting for a new password')
  if ('step' in kept) {
    if (!code) throw new AuthError(AuthErrorCode.InvalidInput, 'This reset needs the code from the authenticator app with the new password')
    const verify = keeper.backend.mfa?.verifyTotp
    if (!verify) throw new AuthError(AuthErrorCode.Unsupported, `${keeper.backend.id} has no mfa.verifyTotp`)
    // a wrong code leaves the link's step as it was: the user tries again
    const session = await verify.call(keeper.backend.mfa, { ticket: kept.step.ticket, code }, keeper.context())
    kept = state.held = { session }
  }
  const password = keeper.backend.password
  if ('ticket' in kept) {
    if (!password?.reset) throw new AuthError(AuthErrorCode.Unsupported, `${keeper.backend.id} has no password.reset`)
    await password.reset({ newPassword, token: kept.ticket, ...(kept.email ? { email: kept.email } : {}) }, keeper.context())
    state.held = null
    return
  }
  if (!password?.change) throw new AuthError(AuthErrorCode.Unsupported, `${keeper.backend.id} has no password.change`)
  const since = keeper.epoch()
  await password.change(kept.session, { newPassword }, keeper.context())
  state.held = null
  // the link opened this session: with the new password set, it is the user's
  await keeper.adopt(kept.session, since)
}
