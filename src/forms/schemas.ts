import * as z from 'zod/mini'

// The drop-in forms' schemas, in zod/mini (the forms load this module with their first validation,
// never up front). A message is a key of `Localization['validation']`; the forms show the localized
// text for it, and any other message as it is (an app's own schema speaks its app's language).
// The backend's password policy (`passwordPolicy`) is checked by the forms on top of these.

// at most 254 characters (RFC 5321's path limit): a longer one is no address, said on its field
const email = z.string().check(z.trim(), z.minLength(1, 'required'), z.maxLength(254, 'email'), z.email('email'))
const password = z.string().check(z.minLength(1, 'required'))
const required = z.string().check(z.trim(), z.minLength(1, 'required'))
const totp = z.string().check(z.trim(), z.minLength(1, 'required'), z.regex(/^\d{3}\s?\d{3}$/, 'code'))

/** `<SignIn />`: e-mail and password. */
export const signInSchema = z.object({ email, password })
/** `<SignUp />`: e-mail and a new password; extend it for more fields (see `SignUpProps.schema`). */
export const signUpSchema = z.object({ email, password })
/** `<ForgotPassword />` and the resend step of `<VerifyEmail />`. */
export const emailSchema = z.object({ email })
/** `<ResetPassword />`. */
export const newPasswordSchema = z.object({ newPassword: password })
/** `<ChangePassword />`: `currentPassword` is dropped where the backend does not ask for it. */
export const changePasswordSchema = z.object({ currentPassword: password, newPassword: password })
/** A 6-digit authenticator code (spaces allowed between the groups of three). */
export const totpCodeSchema = z.object({ code: totp })
/** A backup code, as the server printed it. */
export const backupCodeSchema = z.object({ code: required })
/** A code the server sent (by e-mail): its length and alphabet are the server's. */
export const oneTimeCodeSchema = z.object({ code: required })
/** A confirmation with the current password (better-auth's TOTP setup and turn-off). */
export const currentPasswordSchema = z.object({ password })
/** One required text field (the backend's `signUpFields` marked required). */
export const requiredText = required
/** One optional text field. */
export const optionalText = z.optional(z.string().check(z.trim()))
