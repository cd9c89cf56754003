import { renderSVG } from 'uqr'
import type { MfaProof } from '../backend.js'
import type { AuthClient } from '../client.js'
import { sixDigits } from './mfa-verify.js'
import { operation, withSession } from './support.js'
import { fields, optionalText, password } from '../input.js'

export interface TotpSetup {
  /** Base32 secret, for typing into an authenticator app on the same phone. */
  secret: string
  /** The `otpauth://totp/…` URI the QR code encodes (also a link authenticator apps on this device open). */
  uri: string
  /** The QR code as an SVG document string, rendered locally: no network image. */
  qrSvg: string
  /** The same QR code as a `data:` URL for `<img src>`. */
  qrDataUrl: string
  /** Backup codes issued with the secret, where the backend has them: show them once. */
  backupCodes: readonly string[]
}

/** The `otpauth` key URI format: https://github.com/google/google-authenticator/wiki/Key-Uri-Format */
export function otpauthUri(secret: string, issuer: string, account: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`
  const query = new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: '6', period: '30' })
  return `otpauth://totp/${label}?${query}`
}

export { verifyTotp } from './mfa-verify.js'

/**
 * How turning TOTP on or off proves the user, checked before any request: a six-digit code, or the
 * password where the backend's `mfa.confirmWith` is `'password'`.
 */
function proof(client: AuthClient, given: unknown, what: 'setup' | 'disable'): MfaProof {
  const input = typeof given === 'string' ? { code: given } : fields(given ?? {})
  if (client.backend.mfa?.confirmWith === 'password') return { password: password(input.password) }
  return what === 'setup' ? {} : { code: sixDigits(input.code) }
}

/** What the MFA actions take: a current code (Nhost) or the password (better-auth); see `useCapabilities`. */
export type MfaConfirmation = { code?: string | undefined; password?: string | undefined }

/**
 * Starts TOTP setup: a new secret from the server, its otpauth URI, a QR code, and backup codes where
 * the backend issues them. Backends whose `mfa.confirmWith` is `'password'` need `{ password }`.
 */
export async function startTotpSetup(client: AuthClient, input: { issuer?: string | undefined; password?: string | undefined } = {}): Promise<TotpSetup> {
  const given = fields(input)
  const issuerName = optionalText(given.issuer, 'issuer', 256)
  const setup = operation(client, 'mfa', 'setupTotp')
  const confirm = proof(client, given, 'setup')
  const reply = await withSession(client, (session) => setup(session, confirm, client.context()))
  const user = client.getSnapshot().user
  const issuer = issuerName ?? (typeof location === 'undefined' ? 'keyward' : location.hostname)
  const uri = reply.uri ?? otpauthUri(reply.secret, issuer, user?.email ?? user?.displayName ?? user?.id ?? 'account')
  const qrSvg = renderSVG(uri, { border: 2 })
  return { secret: reply.secret, uri, qrSvg, qrDataUrl: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qrSvg)}`, backupCodes: reply.backupCodes ?? [] }
}

/** Confirms setup with a code from the app; TOTP is on from then. */
export async function activateTotp(client: AuthClient, code: string): Promise<void> {
  const enable = operation(client, 'mfa', 'enableTotp')
  const digits = sixDigits(code)
  const replaced = await withSession(client, (session) => enable(session, digits, client.context()))
  if (replaced) await client.adoptSession(replaced)
  await client.reloadUser()
}

/** Turns TOTP off: with a current code, or `{ password }` where the backend confirms with the password. */
export async function disableTotp(client: AuthClient, confirmation: string | MfaConfirmation): Promise<void> {
  const disable = operation(client, 'mfa', 'disableTotp')
  const confirm = proof(client, confirmation, 'disable')
  const replaced = await withSession(client, (session) => disable(session, confirm, client.context()))
  if (replaced) await client.adoptSession(replaced)
  await client.reloadUser()
}

/** New backup codes (the old ones stop working): show them once. */
export async function regenerateBackupCodes(client: AuthClient, confirmation: MfaConfirmation = {}): Promise<string[]> {
  const regenerate = operation(client, 'mfa', 'regenerateBackupCodes')
  const confirm = proof(client, confirmation, 'disable')
  return withSession(client, (session) => regenerate(session, confirm, client.context()))
}
