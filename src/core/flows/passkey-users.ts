import type { AuthClient } from '../client.js'
import type { User } from '../types.js'
import type * as SignalSenders from './passkey-signals.js'

// What keyward remembers per user to tell the password manager about their passkeys (the WebAuthn
// Signal API, in passkey-signals.ts, loaded only when a signal is due): the relying party and the user
// handles the passkeys carry. localStorage, as the "passkeys used here" flag: an opaque user handle,
// no credential, no secret.

/** One user's passkeys as this browser knows them. */
export interface PasskeyUser {
  rpId: string
  /** base64url user handles (one per account on most servers; better-auth makes one per passkey). */
  handles: string[]
  /** The name and display name last signalled (or registered with). */
  name?: string | undefined
  displayName?: string | undefined
}

export type Signal = 'signalUnknownCredential' | 'signalAllAcceptedCredentials' | 'signalCurrentUserDetails'

/** Whether this browser has `PublicKeyCredential[signal]`. */
export const signalsOffered = (signal: Signal): boolean =>
  typeof (globalThis.PublicKeyCredential as unknown as Record<string, unknown> | undefined)?.[signal] === 'function'

const storageKey = (client: AuthClient) => `keyward:${client.name}:passkey-users`
export function readUsers(client: AuthClient): Record<string, PasskeyUser> {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(storageKey(client)) ?? '{}')
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, PasskeyUser>) : {}
  } catch {
    return {}
  }
}
export function writeUsers(client: AuthClient, users: Record<string, PasskeyUser>): void {
  try {
    globalThis.localStorage?.setItem(storageKey(client), JSON.stringify(users))
  } catch {
    // no storage (private mode, a server): the signals then wait for the next sign-in
  }
}
export const knownPasskeyUser = (client: AuthClient, user: User): PasskeyUser | undefined => {
  const entry = readUsers(client)[user.id]
  return entry && typeof entry.rpId === 'string' && Array.isArray(entry.handles) ? entry : undefined
}

/** Whether `user` made or used a passkey in this browser (keyward remembers its user handle). */
export const hasPasskeyHere = (client: AuthClient, user: User): boolean => (knownPasskeyUser(client, user)?.handles.length ?? 0) > 0

/** The relying party a ceremony's options name (`rpId`, `rp.id`), or the page's host, as the browser takes it. */
export function rpIdOf(options: { rpId?: string | undefined; rp?: { id?: string | undefined } | undefined }): string {
  return options.rpId ?? options.rp?.id ?? globalThis.location?.hostname ?? ''
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

type Signals = typeof SignalSenders
/**
 * Runs `send` with the signal senders, loaded only when the browser has `signal` (most page loads send
 * none). Fire-and-forget: a signal that cannot be sent changes nothing.
 */
export function withSignals(signal: Signal, send: (signals: Signals) => Promise<void>): Promise<void> {
  if (!signalsOffered(signal)) return Promise.resolve()
  return import('./passkey-signals.js').then(send).catch(() => {})
}
