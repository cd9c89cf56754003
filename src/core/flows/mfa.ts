import { renderSVG } from 'uqr'
import type { AuthClient } from '../client.js'
import { sixDigits } from './mfa-verify.js'
import { flowGroup, withSession } from './support.js'
import { fields, optionalText } from '../input.js'

export interface TotpSetup {
  /** Base32 secret, for typing into an authenticator app on the same phone. */
  secret: string
  /** The `otpauth://totp/…` URI the QR code encodes (also a link authenticator apps on this device open). */
  uri: string
  /** The QR code as an SVG document string, rendered locally: no network image. */
  qrSvg: string
  /** The same QR code as a `data:` URL for `<img src>`. */
  qrDataUrl: string
}

/** The `otpauth` key URI format: https://github.com/google/google-authenticator/wiki/Key-Uri-Format */
export function otpauthUri(secret: string, issuer: string, account: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`
  const query = new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: '6', period: '30' })
  return `otpauth://totp/${label}?${query}`
}


export { verifyTotp } from './mfa-verify.js'

/** Starts TOTP setup: a new secret from the server, its otpauth URI and a QR code. */
export async function startTotpSetup(client: AuthClient, input: { issuer?: string | undefined } = {}): Promise<TotpSetup> {
  const given = optionalText(fields(input).issuer, 'issuer', 256)
  const mfa = flowGroup(client, 'mfa', 'mfaTotp')
  const { secret } = await withSession(client, (session) => mfa.generateTotp(session, client.context()))
  const user = client.getSnapshot().user
  const issuer = given ?? (typeof location === 'undefined' ? 'keyward' : location.hostname)
  const uri = otpauthUri(secret, issuer, user?.email ?? user?.displayName ?? user?.id ?? 'account')
  const qrSvg = renderSVG(uri, { border: 2 })
  return { secret, uri, qrSvg, qrDataUrl: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qrSvg)}` }
}

/** Confirms setup with a code from the app; TOTP is on from then. */
export async function activateTotp(client: AuthClient, code: string): Promise<void> {
  const mfa = flowGroup(client, 'mfa', 'mfaTotp')
  const digits = sixDigits(code)
  await withSession(client, (session) => mfa.activateTotp(session, digits, client.context()))
  await client.reloadUser()
}

/** Turns TOTP off; needs a current code. */
export async function disableTotp(client: AuthClient, code: string): Promise<void> {
  const mfa = flowGroup(client, 'mfa', 'mfaTotp')
  const digits = sixDigits(code)
  await withSession(client, (session) => mfa.disableTotp(session, digits, client.context()))
  await client.reloadUser()
}
