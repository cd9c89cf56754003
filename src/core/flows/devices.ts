import type { DeviceSession, PasskeyInfo } from '../backend.js'
import type { AuthClient } from '../client.js'
import { operation, withSession } from './support.js'
import * as check from '../input.js'

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

export async function listPasskeys(client: AuthClient): Promise<PasskeyInfo[]> {
  const list = operation(client, 'passkey', 'list')
  return withSession(client, (session) => list(session, client.context()))
}

export async function removePasskey(client: AuthClient, id: string): Promise<void> {
  check.text(id, 'id')
  const remove = operation(client, 'passkey', 'remove')
  await withSession(client, (session) => remove(session, id, client.context()))
}
