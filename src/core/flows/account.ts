import type { AuthClient } from '../client.js'
import type { Session } from '../types.js'
import { withElevation } from './passkey.js'
import { allowedRedirect, flowGroup, requireInput, withSession } from './support.js'

/** E-mails a password-reset link that leads back to `redirectTo`. */
export async function requestPasswordReset(client: AuthClient, input: { email: string; redirectTo?: string | undefined }): Promise<void> {
  const password = flowGroup(client, 'password', 'passwordReset')
  const redirectTo = await allowedRedirect(client, input.redirectTo)
  await password.requestReset({ email: requireInput(input.email, 'email'), redirectTo }, client.context())
}

/** Sets the new password with the reset `ticket`, or as the user the reset link signed in. */
export async function completePasswordReset(client: AuthClient, input: { newPassword: string; ticket?: string | undefined }): Promise<void> {
  const password = flowGroup(client, 'password', 'passwordReset')
  if (input.ticket) {
    await password.reset({ newPassword: input.newPassword, ticket: input.ticket }, client.context())
    return
  }
  await withSession(client, (session) => password.reset({ newPassword: input.newPassword, session }, client.context()))
}

/** Changes the signed-in user's password (elevating with a passkey first when the server asks). */
export async function changePassword(client: AuthClient, input: { newPassword: string }): Promise<void> {
  const password = flowGroup(client, 'password', 'changePassword')
  await withElevation(client, () => withSession(client, (session) => password.reset({ newPassword: input.newPassword, session }, client.context())))
}

/** E-mails a confirmation link to `newEmail`; the address changes when it is followed. */
export async function changeEmail(client: AuthClient, input: { newEmail: string; redirectTo?: string | undefined }): Promise<void> {
  const email = flowGroup(client, 'email', 'changeEmail')
  const redirectTo = await allowedRedirect(client, input.redirectTo)
  const newEmail = requireInput(input.newEmail, 'newEmail')
  await withElevation(client, () => withSession(client, (session) => email.change(session, { newEmail, redirectTo }, client.context())))
}

/** (Re)sends the verification e-mail. */
export async function sendVerificationEmail(client: AuthClient, input: { email: string; redirectTo?: string | undefined }): Promise<void> {
  const email = flowGroup(client, 'email', 'emailVerification')
  const redirectTo = await allowedRedirect(client, input.redirectTo)
  await email.sendVerification({ email: requireInput(input.email, 'email'), redirectTo }, client.context())
}

export async function signInAnonymously(client: AuthClient, input: { displayName?: string | undefined; locale?: string | undefined } = {}): Promise<Session> {
  const anonymous = flowGroup(client, 'anonymous', 'anonymous')
  return client.adoptSession(await anonymous.signIn(input, client.context()))
}

/** Turns the anonymous user into a regular one, keeping their data; the session then carries the new roles. */
export async function deanonymize(client: AuthClient, input: { email: string; password: string; redirectTo?: string | undefined }): Promise<Session | null> {
  const anonymous = flowGroup(client, 'anonymous', 'anonymous')
  const redirectTo = await allowedRedirect(client, input.redirectTo)
  await withSession(client, (session) => anonymous.deanonymize(session, { email: input.email, password: input.password, redirectTo }, client.context()))
  // the access token still says "anonymous": a refresh brings the new claims and user
  return client.refresh()
}

export async function createPersonalAccessToken(
  client: AuthClient,
  input: { expiresAt: Date; metadata?: Record<string, unknown> | undefined },
): Promise<{ id: string; personalAccessToken: string }> {
  const pat = flowGroup(client, 'pat', 'personalAccessTokens')
  return withElevation(client, () => withSession(client, (session) => pat.create(session, input, client.context())))
}

export async function signInWithPersonalAccessToken(client: AuthClient, personalAccessToken: string): Promise<Session> {
  const pat = flowGroup(client, 'pat', 'personalAccessTokens')
  return client.adoptSession(await pat.signIn({ personalAccessToken: requireInput(personalAccessToken, 'personalAccessToken') }, client.context()))
}
