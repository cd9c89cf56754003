import type * as SimpleWebAuthn from '@simplewebauthn/browser'
import type { AuthClient } from '../client.js'
import { AuthError, AuthErrorCode, isAuthError } from '../errors.js'
import type { Session } from '../types.js'
import { loadOnce } from '../lazy.js'
import { operation, withSession } from './support.js'
import * as check from '../input.js'

type WebAuthn = typeof SimpleWebAuthn
let webAuthn: WebAuthn | undefined
/**
 * @simplewebauthn/browser, loaded with the first passkey flow (alongside its options request) or the
 * autofill check, not with the page: most page loads never open a passkey prompt.
 */
const loadWebAuthn = loadOnce(() => import('@simplewebauthn/browser').then((loaded) => (webAuthn = loaded)), 'passkey support')

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
function rememberPasskeys(client: AuthClient): void {
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
async function ceremony<T>(run: (browser: WebAuthn) => Promise<T>, signal?: AbortSignal): Promise<T> {
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
  const [optionsJSON] = await Promise.all([signInOptions(autofill ? {} : { email }, client.context(signal)), loadWebAuthn()])
  stopped()
  // an autofill request whose form went away (or whose page is now signed in) leaves no prompt open
  const credential = await ceremony((browser) => browser.startAuthentication({ optionsJSON, useBrowserAutofill: autofill }), signal)
  stopped()
  const session = await client.adoptSession(await signInVerify({ credential }, client.context()))
  rememberPasskeys(client)
  return session
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
  const session = await signUpVerify({ credential, nickname }, client.context())
  rememberPasskeys(client)
  return session ? client.adoptSession(session) : null
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
  return added
}

/** Aborts a pending passkey ceremony (an autofill request, say) started by this page (none before the first loaded). */
export const cancelPasskeyCeremony = (): void => webAuthn?.WebAuthnAbortService.cancelCeremony()
