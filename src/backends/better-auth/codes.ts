import type { AuthErrorCode } from '../kit/index.js'

// better-auth's error codes (upper snake case, in `{ code, message }`) in keyward's vocabulary. A
// code not listed becomes `unknown-server-error` with the server's code in `serverCode`.
export const ERROR_CODES: Readonly<Record<string, AuthErrorCode>> = {
  INVALID_EMAIL_OR_PASSWORD: 'invalid-email-password',
  INVALID_PASSWORD: 'invalid-email-password',
  USER_ALREADY_EXISTS: 'email-already-in-use',
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: 'email-already-in-use',
  PASSWORD_TOO_SHORT: 'password-too-short',
  EMAIL_NOT_VERIFIED: 'unverified-user',
  EMAIL_ALREADY_VERIFIED: 'email-already-verified',
  INVALID_TOKEN: 'invalid-ticket',
  TOKEN_EXPIRED: 'invalid-ticket',
  INVALID_CODE: 'invalid-totp',
  INVALID_BACKUP_CODE: 'invalid-totp',
  // the pending two-factor sign-in (its cookie) is missing, spent or expired
  INVALID_TWO_FACTOR_COOKIE: 'invalid-ticket',
  TOTP_ALREADY_ENABLED: 'totp-already-active',
  TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: 'rate-limited',
  ACCOUNT_TEMPORARILY_LOCKED: 'rate-limited',
  INVALID_OTP: 'invalid-otp',
  OTP_EXPIRED: 'invalid-otp',
  TOO_MANY_ATTEMPTS: 'rate-limited',
  SESSION_EXPIRED: 'elevation-required',
  SESSION_NOT_FRESH: 'elevation-required',
  INVALID_EMAIL: 'invalid-request',
  VALIDATION_ERROR: 'invalid-request',
  MISSING_FIELD: 'invalid-request',
  // the passkey plugin: the server did not accept this passkey (unknown, bad signature) or its
  // challenge (expired, spent, or its cookie never came back): the user tries again
  PASSKEY_NOT_FOUND: 'unknown-passkey',
  AUTHENTICATION_FAILED: 'passkey_failed',
  FAILED_TO_VERIFY_REGISTRATION: 'passkey_failed',
  CHALLENGE_NOT_FOUND: 'passkey_failed',
  PREVIOUSLY_REGISTERED: 'passkey_already_registered',
  YOU_ARE_NOT_ALLOWED_TO_REGISTER_THIS_PASSKEY: 'unauthorized',
  INVALID_CALLBACK_URL: 'redirectTo-not-allowed',
  INVALID_REDIRECT_URL: 'redirectTo-not-allowed',
}

