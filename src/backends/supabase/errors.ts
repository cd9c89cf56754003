import { AuthError, codeForStatus, type AuthErrorCode } from '../kit/index.js'

// Supabase Auth's refusals: `{ code, message }` with `X-Supabase-Api-Version: 2024-01-01` (keyward asks
// for it), `{ code: <status>, error_code, msg }` without (internal/api/errors.go); the error codes are
// internal/api/apierrors/errorcode.go's. Only the code is kept, never the message.
const BY_CODE: Readonly<Record<string, AuthErrorCode>> = {
  invalid_credentials: 'invalid-email-password',
  email_not_confirmed: 'unverified-user',
  phone_not_confirmed: 'unverified-user',
  user_already_exists: 'email-already-in-use',
  email_exists: 'email-already-in-use',
  phone_exists: 'email-already-in-use',
  weak_password: 'password-too-weak',
  same_password: 'invalid-request',
  signup_disabled: 'signup-disabled',
  otp_disabled: 'signup-disabled',
  anonymous_provider_disabled: 'disabled-endpoint',
  email_provider_disabled: 'disabled-endpoint',
  phone_provider_disabled: 'disabled-endpoint',
  otp_expired: 'invalid-otp',
  mfa_verification_failed: 'invalid-totp',
  mfa_challenge_expired: 'invalid-totp',
  insufficient_aal: 'elevation-required',
  reauthentication_needed: 'elevation-required',
  refresh_token_not_found: 'invalid-refresh-token',
  refresh_token_already_used: 'invalid-refresh-token',
  session_not_found: 'unauthorized',
  session_expired: 'unauthorized',
  bad_jwt: 'unauthorized',
  no_authorization: 'unauthorized',
  user_not_found: 'unauthorized',
  user_banned: 'disabled-user',
  email_address_invalid: 'invalid-request',
  validation_failed: 'invalid-request',
  bad_json: 'invalid-request',
  // a provider's return that cannot be finished: not started here, expired, or the verifier wrong
  flow_state_not_found: 'invalid-ticket',
  flow_state_expired: 'invalid-ticket',
  bad_code_verifier: 'invalid-ticket',
  // internal/api/passkey_*.go
  webauthn_verification_failed: 'passkey_failed',
  webauthn_challenge_not_found: 'passkey_failed',
  webauthn_challenge_expired: 'passkey_failed',
  webauthn_credential_exists: 'passkey_already_registered',
  too_many_passkeys: 'invalid-request',
  over_request_rate_limit: 'rate-limited',
  over_email_send_rate_limit: 'rate-limited',
  over_sms_send_rate_limit: 'rate-limited',
}

/** The error code in a refusal's body, either shape. */
export function errorCodeOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined
  const { code, error_code } = body as { code?: unknown; error_code?: unknown }
  return typeof error_code === 'string' ? error_code : typeof code === 'string' ? code : undefined
}

/** A refused Supabase Auth request as an AuthError. */
export function supabaseError(status: number, body: unknown): AuthError {
  const serverCode = errorCodeOf(body)
  let code: AuthErrorCode = (serverCode && BY_CODE[serverCode]) || (serverCode && status < 500 && status !== 429 ? 'unknown-server-error' : codeForStatus(status))
  // a weak password for its length alone
  if (serverCode === 'weak_password') {
    const reasons = (body as { weak_password?: { reasons?: unknown } }).weak_password?.reasons
    if (Array.isArray(reasons) && reasons.length === 1 && reasons[0] === 'length') code = 'password-too-short'
  }
  return new AuthError(code, `Supabase Auth refused the request (${serverCode ?? status})`, { status, serverCode })
}
