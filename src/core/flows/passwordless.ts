import type { SignInResult } from '../backend.js'
import type { AuthClient } from '../client.js'
import { operation } from './support.js'
import * as check from '../input.js'
import { stopPasskeyAutofill } from '../autofill.js'


/** E-mails a sign-in link; the redirect back is handled like any other (`handleAuthRedirect`). */
export async function sendMagicLink(client: AuthClient, input: { email: string; redirectTo?: string | undefined }): Promise<void> {
  const given = check.fields(input)
  const address = check.email(given.email)
  const run = operation(client, 'passwordless', 'magicLink')
  stopPasskeyAutofill()
  await run({ email: address, redirectTo: await client.checkRedirect(given.redirectTo as string | undefined) }, client.context())
}

export async function sendEmailOtp(client: AuthClient, email: string): Promise<void> {
  const address = check.email(email)
  stopPasskeyAutofill()
  await operation(client, 'passwordless', 'emailOtpStart')({ email: address }, client.context())
}

/** Signs in with the e-mailed code; like a password sign-in it may ask for the TOTP step (Supabase). */
export async function verifyEmailOtp(client: AuthClient, input: { email: string; otp: string }): Promise<SignInResult> {
  const given = check.fields(input)
  const checked = { email: check.email(given.email), otp: check.text(given.otp, 'otp', 64) }
  const run = operation(client, 'passwordless', 'emailOtpVerify')
  const result = await run(checked, client.context())
  return result.kind === 'session' ? { kind: 'session', session: await client.adoptSession(result.session) } : result
}

export async function sendSmsOtp(client: AuthClient, phoneNumber: string): Promise<void> {
  const phone = check.text(phoneNumber, 'phoneNumber', 64)
  stopPasskeyAutofill()
  await operation(client, 'passwordless', 'smsStart')({ phoneNumber: phone }, client.context())
}

/** Signs in with the texted code; like a password sign-in it may ask for the TOTP step. */
export async function verifySmsOtp(client: AuthClient, input: { phoneNumber: string; otp: string }): Promise<SignInResult> {
  const given = check.fields(input)
  const checked = { phoneNumber: check.text(given.phoneNumber, 'phoneNumber', 64), otp: check.text(given.otp, 'otp', 64) }
  const run = operation(client, 'passwordless', 'smsVerify')
  const result = await run(checked, client.context())
  return result.kind === 'session' ? { kind: 'session', session: await client.adoptSession(result.session) } : result
}
