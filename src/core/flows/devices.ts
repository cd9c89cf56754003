import type { DeviceSession, PasskeyInfo } from '../backend.js'
import type { AuthClient } from '../client.js'
import { AuthError, AuthErrorCode } from '../errors.js'
import { flowGroup, withSession } from './support.js'
import * as check from '../input.js'

export async function listSessions(client: AuthClient): Promise<DeviceSession[]> {
  const sessions = flowGroup(client, 'sessions', 'sessions')
  return withSession(client, (session) => sessions.list(session, client.context()))
}

/** Signs another device out; revoking the current session signs this one out too. */
export async function revokeSession(client: AuthClient, id: string): Promise<void> {
  check.text(id, 'id')
  const sessions = flowGroup(client, 'sessions', 'sessions')
  const current = (await listSessions(client)).find((s) => s.id === id)?.current ?? false
  await withSession(client, (session) => sessions.revoke(session, id, client.context()))
  if (current) await client.signOut()
}

function managed(client: AuthClient) {
  const passkey = flowGroup(client, 'passkey', 'passkeyManagement')
  if (!passkey.list || !passkey.remove) throw new AuthError(AuthErrorCode.Unsupported, `The ${client.backend.id} backend cannot list passkeys`)
  return { list: passkey.list, remove: passkey.remove }
}

export async function listPasskeys(client: AuthClient): Promise<PasskeyInfo[]> {
  const { list } = managed(client)
  return withSession(client, (session) => list(session, client.context()))
}

export async function removePasskey(client: AuthClient, id: string): Promise<void> {
  check.text(id, 'id')
  const { remove } = managed(client)
  await withSession(client, (session) => remove(session, id, client.context()))
}
