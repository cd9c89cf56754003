import type { DeviceSession, PasskeyInfo } from '../backend.js'
import type { AuthClient } from '../client.js'
import { operation, withSession } from './support.js'
import * as check from '../input.js'
import { withSignals } from './passkey-users.js'

export async function listSessions(client: AuthClient): Promise<DeviceSession[]> {
  const list = operation(client, 'devices', 'list')
  return withSession(client, (session) => list(session, client.context()))
}

/** Signs another device out; revoking the current session signs this one out too. */
export async function revokeSession(client: AuthClient, id: string): Promise<void> {
  check.text(id, 'id')
  const revoke = operation(client, 'devices', 'revoke')
  const current = (await listSessions(client)).find((s) => s.id === id)?.current ?? false
  await withSession(client, (session) => revoke(session, id, client.context()))
  if (current) await client.signOut()
}

/**
 * Signs out every other device of the user (where `capabilities.signOutOthers`); this one stays
 * signed in with the same session.
 */
export async function signOutOthers(client: AuthClient): Promise<void> {
  const end = operation(client, 'session', 'signOutOthers')
  await withSession(client, (session) => end(session, client.context()))
}

/** The last list each client read, by user: what is left after a removal is signalled without asking again. */
const listed = new WeakMap<AuthClient, { userId: string; passkeys: PasskeyInfo[] }>()

/**
 * The user's passkeys. Where the browser has the Signal API, the list is passed on to the password
 * manager (`signalAllAcceptedCredentials`): passkeys the server no longer accepts stop being offered.
 */
export async function listPasskeys(client: AuthClient): Promise<PasskeyInfo[]> {
  const list = operation(client, 'passkey', 'list')
  return withSession(client, async (session) => {
    const passkeys = await list(session, client.context())
    if (session.user) {
      listed.set(client, { userId: session.user.id, passkeys })
      const user = session.user
      void withSignals('signalAllAcceptedCredentials', (signals) => signals.signalAcceptedPasskeys(client, user, passkeys))
    }
    return passkeys
  })
}

/** Removes one of the user's passkeys; the password manager is told which ones remain, where it listens. */
export async function removePasskey(client: AuthClient, id: string): Promise<void> {
  check.text(id, 'id')
  const remove = operation(client, 'passkey', 'remove')
  await withSession(client, async (session) => {
    await remove(session, id, client.context())
    const last = listed.get(client)
    if (session.user && last?.userId === session.user.id) {
      const left = last.passkeys.filter((p) => p.id !== id)
      listed.set(client, { userId: last.userId, passkeys: left })
      const user = session.user
      void withSignals('signalAllAcceptedCredentials', (signals) => signals.signalAcceptedPasskeys(client, user, left))
    }
  })
}

/** Renames one of the user's passkeys (`capabilities.passkeyRename`). */
export async function renamePasskey(client: AuthClient, input: { id: string; nickname: string }): Promise<void> {
  const given = check.fields(input)
  const id = check.text(given.id, 'id')
  const nickname = check.text(given.nickname, 'nickname', 64)
  const rename = operation(client, 'passkey', 'rename')
  await withSession(client, (session) => rename(session, id, nickname, client.context()))
}
