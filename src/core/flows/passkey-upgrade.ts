import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/browser'
import type { AuthClient } from '../client.js'
import { afterRegistration, ceremony, type PasskeyUpgrade, rememberPasskeys } from './passkey.js'
import { withSession } from './support.js'
import { loadWebAuthn } from './webauthn.js'

/** `upgradeToPasskey`'s ceremony, once the browser said it can make a passkey without a prompt. */
export async function upgrade(client: AuthClient): Promise<PasskeyUpgrade> {
  const passkey = client.backend.passkey
  if (!passkey?.addOptions || !passkey.addVerify) return 'unavailable'
  let optionsJSON: PublicKeyCredentialCreationOptionsJSON
  try {
    ;[optionsJSON] = await Promise.all([withSession(client, (session) => passkey.addOptions!(session, client.context())), loadWebAuthn()])
  } catch {
    // elevation required first, no session, the server refused: not without asking the user
    return 'unavailable'
  }
  let credential: RegistrationResponseJSON
  try {
    credential = await ceremony((browser) => browser.startRegistration({ optionsJSON, useAutoRegister: true }))
  } catch {
    return 'declined'
  }
  try {
    await withSession(client, (session) => passkey.addVerify!(session, { credential }, client.context()))
  } catch {
    return 'declined'
  }
  rememberPasskeys(client)
  afterRegistration(client, client.getSnapshot().session, optionsJSON, true)
  return 'created'
}
