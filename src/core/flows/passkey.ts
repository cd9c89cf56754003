import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser'
import type { PasskeyOperations } from '../backend.js'
import { holdAutofill } from '../autofill.js'
import type { AuthClient } from '../client.js'
import { AuthError, AuthErrorCode, isAuthError } from '../errors.js'
import type { Session } from '../types.js'
import { operation, withSession } from './support.js'
import * as check from '../input.js'

import { loadWebAuthn, type WebAuthn, webAuthnLoaded } from './webauthn.js'
import { hasPasskeyHere, rememberPasskeyUser, rpIdOf, signalsOffered, withSignals } from './passkey-users.js'

/** Whether this browser has WebAuthn (what @simplewebauthn/browser's `browserSupportsWebAuthn` checks). */
export const passkeysSupported = (): boolean => typeof globalThis.PublicKeyCredential === 'function'
/** Whether it offers passkeys in a field's autofill (conditional mediation); asked without loading the WebAuthn library. */
export const passkeyAutofillSupported = async (): Promise<boolean> => {
  const credential = globalThis.PublicKeyCredential as { isConditionalMediationAvailable?: () => Promise<boolean> } | undefined
  return typeof credential?.isConditionalMediationAvailable === 'function' && (await credential.isConditionalMediationAvailable().catch(() => false)) === true
}

const usedMark = (client: AuthClient) => `keyward:${client.name}:passkeys`
/**
 * Whether this browser has signed in with, created or added a passkey for this app (a flag in
 * localStorage, no credential). The forms start passkey autofill on their own only then: a page whose
 * user never used a passkey loads no WebAuthn code and sends no request for it; the passkey button
 * stays for a passkey made on another device.
 */
export function passkeysUsedHere(client: AuthClient): boolean {
  try {
    return globalThis.localStorage?.getItem(usedMark(client)) === '1'
  } catch {
    return false
  }
}
export function rememberPasskeys(client: AuthClient): void {
  try {
    globalThis.localStorage?.setItem(usedMark(client), '1')
  } catch {
    // no storage here (private mode, a server): autofill then waits for the app to ask for it
  }
}

/**
 * Translates what the browser (through @simplewebauthn/browser) throws into AuthError at the
 * boundary. The user closing the prompt is `passkey_cancelled`, an aborted ceremony (another one
 * started) is `aborted`: neither is a server rejection.
 */
function ceremonyError(error: unknown): AuthError {
  const cause = (error as { cause?: { name?: string | undefined } })?.cause
  const name = cause?.name ?? (error as { name?: string | undefined })?.name
  const code = (error as { code?: string | undefined })?.code
  if (code === 'ERROR_CEREMONY_ABORTED' || name === 'AbortError') {
    return new AuthError(AuthErrorCode.Aborted, 'The passkey prompt was replaced or cancelled by the app', { cause: error })
  }
  if (name === 'NotAllowedError') return new AuthError(AuthErrorCode.PasskeyCancelled, 'The passkey prompt was dismissed', { cause: error })
  if (name === 'InvalidStateError') {
    return new AuthError(AuthErrorCode.PasskeyAlreadyRegistered, 'This device already holds a passkey for this account', { cause: error })
  }
  if (error instanceof Error && /not supported/i.test(error.message)) {
    return new AuthError(AuthErrorCode.PasskeyUnsupported, 'This browser cannot use passkeys', { cause: error })
  }
  return new AuthError(AuthErrorCode.PasskeyFailed, 'The browser could not complete the passkey ceremony', { cause: error })
}

/** Ceremonies started on this page: the one @simplewebauthn/browser's abort service holds is the last. */
let ceremonies = 0

/** Runs a ceremony; `signal` aborting cancels it while it is still the page's pending one. */
export async function ceremony<T>(run: (browser: WebAuthn) => Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!passkeysSupported()) throw new AuthError(AuthErrorCode.PasskeyUnsupported, 'This browser cannot use passkeys')
  const browser = await loadWebAuthn()
  const mine = ++ceremonies
  // a later ceremony (a button after the autofill request) replaced this one already: never cancel that
  const cancel = () => mine === ceremonies && browser.WebAuthnAbortService.cancelCeremony()
  signal?.addEventListener('abort', cancel)
  try {
    return await run(browser)
  } catch (error) {
    throw isAuthError(error) ? error : ceremonyError(error)
  } finally {
    signal?.removeEventListener('abort', cancel)
  }
}

/**
 * Signs in with a passkey. `autofill: true` starts a conditional-UI request that waits for the user to
 * pick a passkey in the e-mail field's autofill; any other ceremony started later aborts it first,
 * so only one `navigator.credentials.get` is ever pending.
 */
export async function signInWithPasskey(
  client: AuthClient,
  input: { email?: string | undefined; autofill?: boolean | undefined; signal?: AbortSignal | undefined } = {},
): Promise<Session> {
  const given = check.fields(input)
  const autofill = given.autofill === undefined ? false : given.autofill
  if (typeof autofill !== 'boolean') throw new AuthError(AuthErrorCode.InvalidInput, 'autofill must be a boolean')
  const signal = given.signal as AbortSignal | undefined
  if (signal !== undefined && typeof signal?.aborted !== 'boolean') throw new AuthError(AuthErrorCode.InvalidInput, 'signal must be an AbortSignal')
  const email = autofill || given.email === undefined ? undefined : check.email(given.email)
  const signInOptions = operation(client, 'passkey', 'signInOptions')
  const signInVerify = operation(client, 'passkey', 'signInVerify')
  if (autofill && !(await passkeyAutofillSupported())) {
    throw new AuthError(AuthErrorCode.PasskeyUnsupported, 'This browser has no passkey autofill')
  }
  // an aborted sign-in (its component unmounted, as StrictMode does once) never prompts nor signs in
  const stopped = () => {
    if (signal?.aborted) throw new AuthError(AuthErrorCode.Aborted, 'The passkey sign-in was cancelled by the app')
  }
  let answered: { credential: AuthenticationResponseJSON; optionsJSON: PublicKeyCredentialRequestOptionsJSON }
  if (autofill) {
    answered = await autofillCredential(client, signInOptions, signal)
  } else {
    const [optionsJSON] = await Promise.all([signInOptions({ email }, client.context(signal)), loadWebAuthn()])
    stopped()
    answered = { optionsJSON, credential: await ceremony((browser) => browser.startAuthentication({ optionsJSON }), signal) }
  }
  stopped()
  const { credential, optionsJSON } = answered
  const rpId = rpIdOf(optionsJSON)
  let verified: Session
  try {
    verified = await signInVerify({ credential }, client.context())
  } catch (error) {
    // a passkey the server no longer has (removed elsewhere, its account deleted): the browser stops offering it
    if (isAuthError(error, AuthErrorCode.UnknownPasskey)) await withSignals('signalUnknownCredential', (signals) => signals.signalUnknownPasskey(rpId, credential.id))
    throw error
  }
  const session = await client.adoptSession(verified)
  rememberPasskeys(client)
  if (session.user) {
    rememberPasskeyUser(client, session.user, rpId, credential.response.userHandle)
    void afterPasskeyChange(client, session)
  }
  return session
}

/**
 * The signals that keep the password manager in step after a passkey ceremony: the accepted list
 * (where the server lists passkeys: one more request, made only where the browser takes the signal)
 * and the user's current name. Not waited for.
 */
export async function afterPasskeyChange(client: AuthClient, session: Session): Promise<void> {
  const user = session.user
  if (!user) return
  await withSignals('signalCurrentUserDetails', (signals) => signals.signalUserDetails(client, user))
  const list = client.backend.passkey?.list
  if (!list || !signalsOffered('signalAllAcceptedCredentials')) return
  await withSignals('signalAllAcceptedCredentials', async (signals) => {
    try {
      await signals.signalAcceptedPasskeys(client, user, await list.call(client.backend.passkey, session, client.context()))
    } catch {
      // the listing failed: the next one signals
    }
  })
}

/**
 * After a passkey was registered for the signed-in user: remembers the user handle its options gave
 * it (and the names it was made with), and with `signal`, tells the password manager the accepted list.
 */
export function afterRegistration(client: AuthClient, session: Session | null, optionsJSON: PublicKeyCredentialCreationOptionsJSON, signal: boolean): void {
  if (!session?.user) return
  rememberPasskeyUser(client, session.user, rpIdOf(optionsJSON), optionsJSON.user.id, { name: optionsJSON.user.name, displayName: optionsJSON.user.displayName })
  if (signal) void afterPasskeyChange(client, session)
}

/** The share of a challenge's lifetime after which an idle autofill request asks for a new one. */
const RENEW_AT = 0.8
/** The lifetime assumed when the server's options name none (WebAuthn's own default range tops at 10 minutes; servers use 1 to 5). */
const DEFAULT_LIFETIME = 60_000
/** The user dismissing the autofill's passkey sheet this many times in a row ends the request. */
const DISMISSALS = 3

/**
 * The page's one conditional (autofill) request: registered so that any other sign-in method ends it
 * before its first request; renewed with a fresh challenge before the server's lifetime for it runs
 * out while the page sits idle; the user dismissing the passkey sheet offers it again (it is not an
 * error). Ends with `aborted` when `signal` aborts, another method or ceremony starts, or another
 * form's request replaces it.
 */
async function autofillCredential(
  client: AuthClient,
  signInOptions: NonNullable<PasskeyOperations['signInOptions']>,
  signal: AbortSignal | undefined,
): Promise<{ credential: AuthenticationResponseJSON; optionsJSON: PublicKeyCredentialRequestOptionsJSON }> {
  const own = new AbortController()
  const end = () => own.abort()
  signal?.addEventListener('abort', end)
  if (signal?.aborted) own.abort()
  const release = holdAutofill(end)
  const aborted = () => new AuthError(AuthErrorCode.Aborted, 'The passkey autofill request was ended by the page')
  let dismissed = 0
  try {
    for (;;) {
      if (own.signal.aborted) throw aborted()
      const [optionsJSON] = await Promise.all([signInOptions({}, client.context(own.signal)), loadWebAuthn()])
      if (own.signal.aborted) throw aborted()
      const round = new AbortController()
      const endRound = () => round.abort()
      own.signal.addEventListener('abort', endRound)
      let expired = false
      const lifetime = typeof optionsJSON.timeout === 'number' && optionsJSON.timeout > 0 ? optionsJSON.timeout : DEFAULT_LIFETIME
      const renew = setTimeout(() => {
        expired = true
        round.abort()
      }, lifetime * RENEW_AT)
      try {
        return { optionsJSON, credential: await ceremony((browser) => browser.startAuthentication({ optionsJSON, useBrowserAutofill: true }), round.signal) }
      } catch (error) {
        if (own.signal.aborted) throw aborted()
        if (expired && isAuthError(error, AuthErrorCode.Aborted)) continue
        if (isAuthError(error, AuthErrorCode.PasskeyCancelled) && ++dismissed < DISMISSALS) continue
        throw error
      } finally {
        clearTimeout(renew)
        own.signal.removeEventListener('abort', endRound)
      }
    }
  } finally {
    release()
    signal?.removeEventListener('abort', end)
  }
}

/** Creates an account with a passkey instead of a password. `null`: the e-mail must be verified first. */
export async function signUpWithPasskey(
  client: AuthClient,
  input: { email: string; displayName?: string | undefined; nickname?: string | undefined; redirectTo?: string | undefined },
): Promise<Session | null> {
  const given = check.fields(input)
  const email = check.email(given.email)
  const displayName = check.optionalText(given.displayName, 'displayName')
  const nickname = check.optionalText(given.nickname, 'nickname')
  const signUpOptions = operation(client, 'passkey', 'signUpOptions')
  const signUpVerify = operation(client, 'passkey', 'signUpVerify')
  const redirectTo = await client.checkRedirect(given.redirectTo as string | undefined)
  const [optionsJSON] = await Promise.all([signUpOptions({ email, displayName, redirectTo }, client.context()), loadWebAuthn()])
  const credential = await ceremony((browser) => browser.startRegistration({ optionsJSON }))
  const verified = await signUpVerify({ credential, nickname }, client.context())
  rememberPasskeys(client)
  if (!verified) return null
  const session = await client.adoptSession(verified)
  afterRegistration(client, session, optionsJSON, false)
  return session
}

/** Proves a recent authentication with a passkey; the session's token then carries the elevation claim. */
export async function elevateWithPasskey(client: AuthClient): Promise<Session> {
  const elevateOptions = operation(client, 'passkey', 'elevateOptions')
  const elevateVerify = operation(client, 'passkey', 'elevateVerify')
  return withSession(client, async (session) => {
    const [optionsJSON] = await Promise.all([elevateOptions(session, client.context()), loadWebAuthn()])
    const credential = await ceremony((browser) => browser.startAuthentication({ optionsJSON }))
    return client.adoptSession(await elevateVerify(session, { credential }, client.context()))
  })
}

/**
 * Runs an action that may need elevation: when the server answers `elevation-required`, elevates with
 * a passkey (the user sees one prompt) and runs it once more.
 */
export async function withElevation<T>(client: AuthClient, action: () => Promise<T>): Promise<T> {
  try {
    return await action()
  } catch (error) {
    if (!isAuthError(error, AuthErrorCode.ElevationRequired) || !client.backend.passkey?.elevateOptions) throw error
    await elevateWithPasskey(client)
    return action()
  }
}

/** Adds a passkey to the signed-in account (elevating first when the server demands it). */
export async function addPasskey(client: AuthClient, input: { nickname?: string | undefined } = {}): Promise<{ id: string; nickname: string | null }> {
  const nickname = check.optionalText(check.fields(input).nickname, 'nickname')
  const addOptions = operation(client, 'passkey', 'addOptions')
  const addVerify = operation(client, 'passkey', 'addVerify')
  const [optionsJSON] = await Promise.all([
    withElevation(client, () => withSession(client, (session) => addOptions(session, client.context()))),
    loadWebAuthn(),
  ])
  const credential = await ceremony((browser) => browser.startRegistration({ optionsJSON }))
  const added = await withSession(client, (session) => addVerify(session, { credential, nickname }, client.context()))
  rememberPasskeys(client)
  afterRegistration(client, client.getSnapshot().session, optionsJSON, true)
  return added
}

/**
 * Account recovery with a passkey instead of a new password (the FIDO pattern): where a reset link opened
 * a session (`client.links.resetSession()`: Nhost, Supabase), a passkey is made for that account and the
 * session becomes the user's — no password is set; the old one stays as it was. Where the link left a
 * ticket (better-auth, Medusa, CREDEBL, Replyke) only a new password finishes it.
 */
export async function completeResetWithPasskey(client: AuthClient, input: { nickname?: string | undefined } = {}): Promise<{ id: string; nickname: string | null }> {
  const nickname = check.optionalText(check.fields(input).nickname, 'nickname')
  const session = client.links.resetSession()
  if (!session) throw new AuthError(AuthErrorCode.InvalidTicket, 'No reset link that signs in is waiting: this reset finishes with a new password')
  const addOptions = operation(client, 'passkey', 'addOptions')
  const addVerify = operation(client, 'passkey', 'addVerify')
  const [optionsJSON] = await Promise.all([addOptions(session, client.context()), loadWebAuthn()])
  const credential = await ceremony((browser) => browser.startRegistration({ optionsJSON }))
  const added = await addVerify(session, { credential, nickname }, client.context())
  await client.links.adoptReset()
  rememberPasskeys(client)
  afterRegistration(client, client.getSnapshot().session, optionsJSON, true)
  return added
}

/** Aborts a pending passkey ceremony (an autofill request, say) started by this page (none before the first loaded). */
export const cancelPasskeyCeremony = (): void => webAuthnLoaded()?.WebAuthnAbortService.cancelCeremony()

/** What `upgradeToPasskey` did: made a passkey, the browser declined without a word, or nothing to try here. */
export type PasskeyUpgrade = 'created' | 'declined' | 'unavailable'

/** Whether the browser says it can make a passkey without a prompt (`getClientCapabilities().conditionalCreate`). */
export async function conditionalCreateSupported(): Promise<boolean> {
  const credential = globalThis.PublicKeyCredential as { getClientCapabilities?: () => Promise<Record<string, boolean | undefined>> } | undefined
  if (typeof credential?.getClientCapabilities !== 'function') return false
  return (await credential.getClientCapabilities().catch(() => ({}) as Record<string, boolean | undefined>)).conditionalCreate === true
}

/**
 * The automatic upgrade: right after a password sign-in, asks the browser to save a passkey for the
 * signed-in user without a prompt (conditional create, where `getClientCapabilities()` reports it and
 * the backend adds passkeys). The browser decides: it makes one only where its password manager just
 * filled the password, and otherwise declines silently, with no dialog. Skipped for a user who already
 * made or used a passkey in this browser, and where adding one would need an elevation first.
 * Never throws: every outcome is an answer. Its code loads only where the browser can do it.
 */
export async function upgradeToPasskey(client: AuthClient): Promise<PasskeyUpgrade> {
  const passkey = client.backend.passkey
  const user = client.getSnapshot().session?.user
  if (!passkey?.addOptions || !passkey.addVerify || !user || !passkeysSupported() || hasPasskeyHere(client, user)) return 'unavailable'
  if (!(await conditionalCreateSupported())) return 'unavailable'
  return import('./passkey-upgrade.js').then(
    (upgrade) => upgrade.upgrade(client),
    (): PasskeyUpgrade => 'unavailable',
  )
}
