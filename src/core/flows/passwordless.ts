import type { SignInResult } from '../backend.js'
import type { AuthClient } from '../client.js'
import { AuthError, AuthErrorCode } from '../errors.js'
import type { Session } from '../types.js'
import { allowedRedirect, flowGroup, requireInput } from './support.js'

function operation<K extends 'magicLink' | 'emailOtpStart' | 'emailOtpVerify' | 'smsStart' | 'smsVerify'>(
  client: AuthClient,
  name: K,
  capability: 'magicLink' | 'emailOtp' | 'smsOtp',
) {
  const run = flowGroup(client, 'passwordless', capability)[name]
  if (!run) throw new AuthError(AuthErrorCode.Unsupported, `The ${client.backend.id} backend does not support ${capability}`)
  return run
}

/** E-mails a sign-in link; the redirect back is handled like any other (`handleAuthRedirect`). */
export async function sendMagicLink(client: AuthClient, input: { email: string; redirectTo?: string | undefined }): Promise<void> {
  const run = operation(client, 'magicLink', 'magicLink')
  await run({ email: requireInput(input.email, 'email'), redirectTo: await allowedRedirect(client, input.redirectTo) }, client.context())
}

export async function sendEmailOtp(client: AuthClient, email: string): Promise<void> {
  await operation(client, 'emailOtpStart', 'emailOtp')({ email: requireInput(email, 'email') }, client.context())
}

export async function verifyEmailOtp(client: AuthClient, input: { email: string; otp: string }): Promise<Session> {
  const run = operation(client, 'emailOtpVerify', 'emailOtp')
  return client.adoptSession(await run({ email: requireInput(input.email, 'email'), otp: requireInput(input.otp, 'otp') }, client.context()))
}

export async function sendSmsOtp(client: AuthClient, phoneNumber: string): Promise<void> {
  await operation(client, 'smsStart', 'smsOtp')({ phoneNumber: requireInput(phoneNumber, 'phoneNumber') }, client.context())
}

/** Signs in with the texted code; like a password sign-in it may ask for the TOTP step. */
export async function verifySmsOtp(client: AuthClient, input: { phoneNumber: string; otp: string }): Promise<SignInResult> {
  const run = operation(client, 'smsVerify', 'smsOtp')
  const result = await run({ phoneNumber: requireInput(input.phoneNumber, 'phoneNumber'), otp: requireInput(input.otp, 'otp') }, client.context())
  return result.kind === 'session' ? { kind: 'session', session: await client.adoptSession(result.session) } : result
}
