import type { AuthClient } from '../client.js'
import type { Session } from '../types.js'
import { withElevation } from './passkey.js'
import { flowGroup, withSession } from './support.js'
import { AuthError, AuthErrorCode } from '../errors.js'
import * as check from '../input.js'

/** E-mails a password-reset link that leads back to `redirectTo`. */
export async function requestPasswordReset(client: AuthClient, input: { email: string; redirectTo?: string | undefined }): Promise<void> {
  const given = check.fields(input)
  const address = check.email(given.email)
  const password = flowGroup(client, 'password', 'passwordReset')
  const redirectTo = await client.checkRedirect(given.redirectTo as string | undefined)
  await password.requestReset({ email: address, redirectTo }, client.context())
}

/** Sets the new password with the reset `ticket`, or as the user the reset link signed in. */
export async function completePasswordReset(client: AuthClient, input: { newPassword: string; ticket?: string | undefined }): Promise<void> {
  const given = check.fields(input)
  const newPassword = check.password(given.newPassword, 'newPassword')
  const ticket = check.optionalText(given.ticket, 'ticket', 4096)
  const password = flowGroup(client, 'password', 'passwordReset')
  if (ticket) {
    await password.reset({ newPassword, ticket }, client.context())
    return
  }
  await withSession(client, (session) => password.reset({ newPassword, session }, client.context()))
}

/** Changes the signed-in user's password (elevating with a passkey first when the server asks). */
export async function changePassword(client: AuthClient, input: { newPassword: string }): Promise<void> {
  const newPassword = check.password(check.fields(input).newPassword, 'newPassword')
  const password = flowGroup(client, 'password', 'changePassword')
  await withElevation(client, () => withSession(client, (session) => password.reset({ newPassword, session }, client.context())))
}

/** E-mails a confirmation link to `newEmail`; the address changes when it is followed. */
export async function changeEmail(client: AuthClient, input: { newEmail: string; redirectTo?: string | undefined }): Promise<void> {
  const given = check.fields(input)
  const newEmail = check.email(given.newEmail, 'newEmail')
  const email = flowGroup(client, 'email', 'changeEmail')
  const redirectTo = await client.checkRedirect(given.redirectTo as string | undefined)
  await withElevation(client, () => withSession(client, (session) => email.change(session, { newEmail, redirectTo }, client.context())))
}

/** (Re)sends the verification e-mail. */
export async function sendVerificationEmail(client: AuthClient, input: { email: string; redirectTo?: string | undefined }): Promise<void> {
  const given = check.fields(input)
  const address = check.email(given.email)
  const email = flowGroup(client, 'email', 'emailVerification')
  const redirectTo = await client.checkRedirect(given.redirectTo as string | undefined)
  await email.sendVerification({ email: address, redirectTo }, client.context())
}

export async function signInAnonymously(client: AuthClient, input: { displayName?: string | undefined; locale?: string | undefined } = {}): Promise<Session> {
  const given = check.fields(input)
  const displayName = check.optionalText(given.displayName, 'displayName')
  const locale = check.optionalText(given.locale, 'locale', 16)
  const anonymous = flowGroup(client, 'anonymous', 'anonymous')
  return client.adoptSession(await anonymous.signIn({ displayName, locale }, client.context()))
}

/** Turns the anonymous user into a regular one, keeping their data; the session then carries the new roles. */
export async function deanonymize(client: AuthClient, input: { email: string; password: string; redirectTo?: string | undefined }): Promise<Session | null> {
  const given = check.fields(input)
  const credentials = { email: check.email(given.email), password: check.password(given.password) }
  const anonymous = flowGroup(client, 'anonymous', 'anonymous')
  const redirectTo = await client.checkRedirect(given.redirectTo as string | undefined)
  await withSession(client, (session) => anonymous.deanonymize(session, { ...credentials, redirectTo }, client.context()))
  // the access token still says "anonymous": a refresh brings the new claims and user
  return client.refresh()
}

export async function createPersonalAccessToken(
  client: AuthClient,
  input: { expiresAt: Date; metadata?: Record<string, unknown> | undefined },
): Promise<{ id: string; personalAccessToken: string }> {
  const given = check.fields(input)
  const expiresAt = given.expiresAt
  if (!(expiresAt instanceof Date) || !Number.isFinite(expiresAt.getTime())) {
    throw new AuthError(AuthErrorCode.InvalidInput, 'expiresAt must be a valid Date')
  }
  const metadata = check.metadata(given.metadata)
  const pat = flowGroup(client, 'pat', 'personalAccessTokens')
  return withElevation(client, () => withSession(client, (session) => pat.create(session, { expiresAt, metadata }, client.context())))
}

export async function signInWithPersonalAccessToken(client: AuthClient, personalAccessToken: string): Promise<Session> {
  const pat = flowGroup(client, 'pat', 'personalAccessTokens')
  return client.adoptSession(await pat.signIn({ personalAccessToken: check.text(personalAccessToken, 'personalAccessToken', 4096) }, client.context()))
}
