import type { PasskeyInfo } from '../backend.js'
import type { AuthClient } from '../client.js'
import type { User } from '../types.js'
import { knownPasskeyUser, readUsers, signalsOffered, writeUsers } from './passkey-users.js'
import { loadWebAuthn } from './webauthn.js'

// The WebAuthn Signal API: what the server knows about the user's passkeys, told to the browser so the
// password manager keeps its list in step — a passkey the server no longer accepts stops being
// offered, a new address or name shows on the user's passkeys. Best effort and fire-and-forget by
// design (the browser may or may not pass a signal on): feature-detected, never an error, never
// waited for by a flow. Loaded (`withSignals`) only where the browser has the API.

/** The name a passkey of `user` shows in the password manager, and the display name beside it. */
const namesOf = (user: User) => {
  const name = user.email ?? user.phoneNumber ?? user.id
  return { name, displayName: user.displayName || name }
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
  if (!signalsOffered('signalUnknownCredential') || !rpId || !credentialId) return
  await send((w) => w.sendSignal({ signalName: 'unknownCredential', rpID: rpId, credentialID: credentialId }))
}

/**
 * The full list of `user`'s passkeys the server accepts, after a listing, an addition or a removal:
 * the password manager hides the user's other passkeys for this site. Sent only for a complete list
 * in which the server named every credential id (a partial list would hide passkeys that still work).
 */
export async function signalAcceptedPasskeys(client: AuthClient, user: User, passkeys: readonly PasskeyInfo[]): Promise<void> {
  const entry = knownPasskeyUser(client, user)
  if (!signalsOffered('signalAllAcceptedCredentials') || !entry || passkeys.some((p) => !p.credentialId)) return
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
  const entry = knownPasskeyUser(client, user)
  if (!signalsOffered('signalCurrentUserDetails') || !entry) return
  const now = namesOf(user)
  if (entry.name === now.name && entry.displayName === now.displayName) return
  for (const handle of entry.handles) {
    await send((w) => w.sendSignal({ signalName: 'currentUserDetails', rpID: entry.rpId, userID: handle, userName: now.name, userDisplayName: now.displayName }))
  }
  const users = readUsers(client)
  if (users[user.id]) users[user.id] = { ...users[user.id]!, ...now }
  writeUsers(client, users)
}
