import type { AuthClient } from '../client.js'
import { AuthError, AuthErrorCode } from '../errors.js'
import type { Session } from '../types.js'
import { operation } from './support.js'
import { fields, text } from '../input.js'

/** A six-digit code, spaces allowed ("123 456"); anything else fails before a request. */
export function sixDigits(code: unknown): string {
  if (typeof code !== 'string') throw new AuthError(AuthErrorCode.InvalidInput, 'The code must be a string')
  const digits = code.replace(/\s/g, '')
  if (!/^\d{6}$/.test(digits)) throw new AuthError(AuthErrorCode.InvalidInput, 'The code has six digits')
  return digits
}

/** The ticket of a pending sign-in: absent where the server keeps it itself (better-auth's cookie). */
const optionalTicket = (ticket: unknown) => (ticket === undefined ? undefined : text(ticket, 'ticket', 4096))

/** Finishes a sign-in that asked for a second factor (`{ kind: 'mfa' }`) with an authenticator-app code. */
export async function verifyTotp(client: AuthClient, input: { ticket?: string | undefined; code: string }): Promise<Session> {
  const given = fields(input)
  const ticket = optionalTicket(given.ticket)
  const code = sixDigits(given.code)
  const verify = operation(client, 'mfa', 'verifyTotp')
  return client.adoptSession(await verify({ ticket, code }, client.context()))
}

/** Finishes a sign-in that asked for a second factor with one of the user's backup codes. */
export async function verifyBackupCode(client: AuthClient, input: { ticket?: string | undefined; code: string }): Promise<Session> {
  const given = fields(input)
  const ticket = optionalTicket(given.ticket)
  const code = text(given.code, 'code', 64)
  const verify = operation(client, 'mfa', 'verifyBackupCode')
  return client.adoptSession(await verify({ ticket, code }, client.context()))
}
