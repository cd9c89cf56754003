import type { AuthClient } from '../client.js'
import { AuthError, AuthErrorCode } from '../errors.js'
import type { Session } from '../types.js'
import { flowGroup } from './support.js'
import { fields, text } from '../input.js'

/** A six-digit code, spaces allowed ("123 456"); anything else fails before a request. */
export function sixDigits(code: unknown): string {
  if (typeof code !== 'string') throw new AuthError(AuthErrorCode.InvalidInput, 'The code must be a string')
  const digits = code.replace(/\s/g, '')
  if (!/^\d{6}$/.test(digits)) throw new AuthError(AuthErrorCode.InvalidInput, 'The code has six digits')
  return digits
}

/** Finishes a sign-in that asked for a second factor (`{ kind: 'mfa', ticket }`). */
export async function verifyTotp(client: AuthClient, input: { ticket: string; code: string }): Promise<Session> {
  const given = fields(input)
  const ticket = text(given.ticket, 'ticket', 4096)
  const code = sixDigits(given.code)
  const mfa = flowGroup(client, 'mfa', 'mfaTotp')
  const session = await mfa.verifyTotp({ ticket, code }, client.context())
  return client.adoptSession(session)
}
