import type { PasskeyInfo } from '../backend.js'
import type { AuthClient } from '../client.js'
import type { User } from '../types.js'
import { loadWebAuthn } from './webauthn.js'

// The WebAuthn Signal API: what the server knows about the user's passkeys, told to the browser so the
// password manager keeps its list in step — a passkey the server no longer accepts stops being
// offered, a new address or name shows on the user's passkeys. Best effort and fire-and-forget by
// design (the browser may or may not pass a signal on): feature-detected, never an error, never
// waited for by a flow.

/** What keyward remembers per user to signal about: the relying party and the user handles their passkeys carry. */
interface PasskeyUser {
  rpId: string
  /** base64url user handles (one per account on most servers; better-auth makes one per passkey). */
  handles: string[]
  /** The name and display name last signalled (or registered with). */
  name?: string | undefined
  displayName?: string | undefined
}

type Signal = 'signalUnknownCredential' | 'signalAllAcceptedCredentials' | 'signalCurrentUserDetails'

/** Whether this browser has `PublicKeyCredential[signal]`. */
export const signalsOffered = (signal: Signal): boolean => offers(signal)
const offers = (signal: Signal) => typeof (globalThis.PublicKeyCredential as unknown as Record<string, unknown> | undefined)?.[signal] === 'function'

// localStorage, as the "passkeys used here" flag: an opaque user handle, no credential, no secret
const storageKey = (client: AuthClient) => `keyward:${client.name}:passkey-users`
function readUsers(client: AuthClient): Record<string, PasskeyUser> {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(storageKey(client)) ?? '{}')
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, PasskeyUser>) : {}
  } catch {
    return {}
  }
}
function writeUsers(client: AuthClient, users: Record<string, PasskeyUser>): void {
  try {
    globalThis.localStorage?.setItem(storageKey(client), JSON.stringify(users))
  } catch {
    // no storage (private mode, a server): the signals then wait for the next sign-in
  }
}
const known = (client: AuthClient, user: User): PasskeyUser | undefined => {
  const entry = readUsers(client)[user.id]
  return entry && typeof entry.rpId === 'string' && Array.isArray(entry.handles) ? entry : undefined
}

/** Whether `user` made or used a passkey in this browser (keyward remembers its user handle). */
export const hasPasskeyHere = (client: AuthClient, user: User): boolean => (known(client, user)?.handles.length ?? 0) > 0

/** The relying party a ceremony's options name (`rpId`, `rp.id`), or the page's host, as the browser takes it. */
export function rpIdOf(options: { rpId?: string | undefined; rp?: { id?: string | undefined } | undefined }): string {
  return options.rpId ?? options.rp?.id ?? globalThis.location?.hostname ?? ''
}

/** The name a passkey of `user` shows in the password manager, and the display name beside it. */
const namesOf = (user: User) => {
  const name = user.email ?? user.phoneNumber ?? user.id
  return { name, displayName: user.displayName || name }
}

/**
 * Remembers that `user` has a passkey carrying `handle` for `rpId` (read from a registration's options
 * or a sign-in's answer), so later signals about the user's passkeys can name it.
 */
export function rememberPasskeyUser(client: AuthClient, user: User, rpId: string, handle: string | undefined, registeredAs?: { name: string; displayName: string }): void {
  if (!handle || !rpId) return
  const users = readUsers(client)
  const entry = users[user.id]?.rpId === rpId ? users[user.id]! : { rpId, handles: [] }
  if (!entry.handles.includes(handle)) entry.handles.push(handle)
  if (registeredAs) Object.assign(entry, registeredAs)
  users[user.id] = entry
  writeUsers(client, users)
}

async function send(run: (webAuthn: Awaited<ReturnType<typeof loadWebAuthn>>) => Promise<unknown>): Promise<void> {
  try {
    await run(await loadWebAuthn())
  } catch {
    // a signal is a hint to the browser: one that fails (no such API after all, a bad id) changes nothing
  }
}

/** After a sign-in the server refused because it knows no such passkey: the browser stops offering it. */
export async function signalUnknownPasskey(rpId: string, credentialId: string): Promise<void> {
  if (!offers('signalUnknownCredential') || !rpId || !credentialId) return
  await send((w) => w.sendSignal({ signalName: 'unknownCredential', rpID: rpId, credentialID: credentialId }))
}

/**
 * The full list of `user`'s passkeys the server accepts, after a listing, an addition or a removal:
 * the password manager hides the user's other passkeys for this site. Sent only for a complete list
 * in which the server named every credential id (a partial list would hide passkeys that still work).
 */
export async function signalAcceptedPasskeys(client: AuthClient, user: User, passkeys: readonly PasskeyInfo[]): Promise<void> {
  const entry = known(client, user)
  if (!offers('signalAllAcceptedCredentials') || !entry || passkeys.some((p) => !p.credentialId)) return
  const ids = passkeys.map((p) => p.credentialId!)
  for (const handle of entry.handles) {
    await send((w) => w.sendSignal({ signalName: 'allAcceptedCredentials', rpID: entry.rpId, userID: handle, allAcceptedCredentialIDs: ids }))
  }
}

/**
 * The user's address and name as the server has them now: where they changed since the passkeys were
 * made (or last signalled), the password manager shows the new ones on them.
 */
export async function signalUserDetails(client: AuthClient, user: User): Promise<void> {
  const entry = known(client, user)
  if (!offers('signalCurrentUserDetails') || !entry) return
  const now = namesOf(user)
  if (entry.name === now.name && entry.displayName === now.displayName) return
  for (const handle of entry.handles) {
    await send((w) => w.sendSignal({ signalName: 'currentUserDetails', rpID: entry.rpId, userID: handle, userName: now.name, userDisplayName: now.displayName }))
  }
  const users = readUsers(client)
  if (users[user.id]) users[user.id] = { ...users[user.id]!, ...now }
  writeUsers(client, users)
}
