import type { AuthClient } from '../client.js'
import { stopPasskeyAutofill } from '../autofill.js'
import type { Session } from '../types.js'
import { withElevation } from './passkey.js'
import { operation, withSession } from './support.js'
import { AuthError, AuthErrorCode } from '../errors.js'
import * as check from '../input.js'

/** E-mails a password-reset link that leads back to `redirectTo`. */
export async function requestPasswordReset(client: AuthClient, input: { email: string; redirectTo?: string | undefined }): Promise<void> {
  const given = check.fields(input)
  const address = check.email(given.email)
  const request = operation(client, 'password', 'requestReset')
  const redirectTo = await client.checkRedirect(given.redirectTo as string | undefined)
  await request({ email: address, redirectTo }, client.context())
}

/**
 * Whether an account exists for `email`, where the backend can tell (`capabilities.accountLookup`):
 * the identifier-first sign-in asks for the password, or offers to create the account.
 */
export async function accountExists(client: AuthClient, input: { email: string }): Promise<boolean> {
  const address = check.email(check.fields(input).email)
  const lookup = client.backend.signIn?.accountExists
  if (!lookup) throw new AuthError(AuthErrorCode.Unsupported, `${client.backend.id} has no accountExists`)
  return (await lookup.call(client.backend.signIn, { email: address }, client.context())) === true
}

/**
 * Sets the new password after a reset link: with what the link left (its ticket, or the session it
 * opened, which is then the user's), or with a `ticket` of the app's own reading (the `email` too where
 * the system needs it), or, with neither, as the signed-in user. `code`: the authenticator's code,
 * where the link's result asked for a `secondFactor`.
 */
export async function completePasswordReset(client: AuthClient, input: { newPassword: string; ticket?: string | undefined; email?: string | undefined; code?: string | undefined }): Promise<void> {
  const given = check.fields(input)
  const newPassword = check.password(given.newPassword, 'newPassword')
  const code = check.optionalText(given.code, 'code', 64)
  const ticket = check.optionalText(given.ticket, 'ticket', 4096)
  const email = given.email === undefined ? undefined : check.email(given.email)
  if (ticket) {
    const reset = operation(client, 'password', 'reset')
    await reset({ newPassword, token: ticket, ...(email ? { email } : {}) }, client.context())
    return
  }
  if (client.links.resetPending()) return client.links.completeReset(newPassword, code)
  const change = operation(client, 'password', 'change')
  await withSession(client, (session) => change(session, { newPassword }, client.context()))
}

/**
 * Changes the signed-in user's password (elevating with a passkey first when the server asks).
 * `currentPassword` is required where the backend's `password.changeNeedsCurrent` says so.
 */
export async function changePassword(client: AuthClient, input: { newPassword: string; currentPassword?: string | undefined }): Promise<void> {
  const given = check.fields(input)
  const newPassword = check.password(given.newPassword, 'newPassword')
  const change = operation(client, 'password', 'change')
  const needsCurrent = client.backend.password?.changeNeedsCurrent === true
  const currentPassword = needsCurrent || given.currentPassword !== undefined ? check.password(given.currentPassword, 'currentPassword') : undefined
  const replaced = await withElevation(client, () => withSession(client, (session) => change(session, { newPassword, currentPassword }, client.context())))
  if (replaced) await client.adoptSession(replaced)
}

/** E-mails a confirmation link to `newEmail`; the address changes when it is followed. */
export async function changeEmail(client: AuthClient, input: { newEmail: string; redirectTo?: string | undefined }): Promise<void> {
  const given = check.fields(input)
  const newEmail = check.email(given.newEmail, 'newEmail')
  const change = operation(client, 'email', 'change')
  const redirectTo = await client.checkRedirect(given.redirectTo as string | undefined)
  await withElevation(client, () => withSession(client, (session) => change(session, { newEmail, redirectTo }, client.context())))
}

/**
 * Deletes the signed-in user's account (with the current password where
 * `backend.account.deleteNeedsPassword`): `'deleted'` signs this device out too; `'confirm-by-email'`
 * leaves the user signed in until the e-mailed link is followed.
 */
export async function deleteAccount(client: AuthClient, input: { password?: string | undefined } = {}): Promise<'deleted' | 'confirm-by-email'> {
  const given = check.fields(input)
  const remove = operation(client, 'account', 'delete')
  const needsPassword = client.backend.account?.deleteNeedsPassword === true
  const password = needsPassword || given.password !== undefined ? check.password(given.password, 'password') : undefined
  const outcome = await withSession(client, (session) => remove(session, { password }, client.context()))
  // the server ended every session of the account: this device's ends here too (its sign-out call
  // finds nothing to end; what it answers does not matter)
  if (outcome === 'deleted') await client.signOut()
  return outcome
}

/** (Re)sends the verification e-mail. */
export async function sendVerificationEmail(client: AuthClient, input: { email: string; redirectTo?: string | undefined }): Promise<void> {
  const given = check.fields(input)
  const address = check.email(given.email)
  const send = operation(client, 'email', 'sendVerification')
  const redirectTo = await client.checkRedirect(given.redirectTo as string | undefined)
  await send({ email: address, redirectTo }, client.context())
}

/** Verifies the e-mail address with the token from the e-mail; signs in where the system does. */
export async function verifyEmail(client: AuthClient, input: { token: string; email?: string | undefined }): Promise<Session | null> {
  const given = check.fields(input)
  const token = check.text(given.token, 'token', 4096)
  // the address, where the system's link carries it (CREDEBL)
  const email = given.email === undefined ? undefined : check.email(given.email)
  const verify = operation(client, 'email', 'verify')
  const session = await verify({ token, ...(email ? { email } : {}) }, client.context())
  if (session) return client.adoptSession(session)
  // signed in already: the user record now says verified
  if (client.getSnapshot().session && client.backend.session.getUser) await client.reloadUser()
  return null
}

export async function signInAnonymously(client: AuthClient, input: { displayName?: string | undefined; locale?: string | undefined } = {}): Promise<Session> {
  const given = check.fields(input)
  const displayName = check.optionalText(given.displayName, 'displayName')
  const locale = check.optionalText(given.locale, 'locale', 16)
  const signIn = operation(client, 'anonymous', 'signIn')
  stopPasskeyAutofill()
  return client.adoptSession(await signIn({ displayName, locale }, client.context()))
}

/** Turns the anonymous user into a regular one, keeping their data; the session then carries the new roles. */
export async function deanonymize(client: AuthClient, input: { email: string; password: string; redirectTo?: string | undefined }): Promise<Session | null> {
  const given = check.fields(input)
  const credentials = { email: check.email(given.email), password: check.password(given.password) }
  const upgrade = operation(client, 'anonymous', 'deanonymize')
  const redirectTo = await client.checkRedirect(given.redirectTo as string | undefined)
  await withSession(client, (session) => upgrade(session, { ...credentials, redirectTo }, client.context()))
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
  const create = operation(client, 'pat', 'create')
  return withElevation(client, () => withSession(client, (session) => create(session, { expiresAt, metadata }, client.context())))
}

export async function signInWithPersonalAccessToken(client: AuthClient, personalAccessToken: string): Promise<Session> {
  const signIn = operation(client, 'pat', 'signIn')
  return client.adoptSession(await signIn({ personalAccessToken: check.text(personalAccessToken, 'personalAccessToken', 4096) }, client.context()))
}
