import * as v from 'valibot'

// The drop-in forms' schemas, in Valibot (the one validation library inside keyward; every form
// validates through Standard Schema, so an app's own schema may be zod, Valibot or ArkType). A message
// is a key of `Localization['validation']`; the forms show the localized text for it, and any other
// message as it is (an app's own schema speaks its app's language). The backend's password policy
// (`passwordPolicy`) is checked by the forms on top of these.

// at most 254 characters (RFC 5321's path limit): a longer one is no address, said on its field
const email = v.pipe(v.string(), v.trim(), v.minLength(1, 'required'), v.maxLength(254, 'email'), v.email('email'))
const password = v.pipe(v.string(), v.minLength(1, 'required'))
const required = v.pipe(v.string(), v.trim(), v.minLength(1, 'required'))
const totp = v.pipe(v.string(), v.trim(), v.minLength(1, 'required'), v.regex(/^\d{3}\s?\d{3}$/, 'code'))

/** `<SignIn />`: e-mail and password. */
export const signInSchema = v.object({ email, password })
/** `<SignUp />`: e-mail and a new password; extend it for more fields (see `SignUpProps.schema`). */
export const signUpSchema = v.object({ email, password })
/** `<ChangeEmail />`: the new address. */
export const changeEmailSchema = v.object({ newEmail: email })
/** Renaming a passkey on `<Passkeys />`. */
export const nicknameSchema = v.object({ nickname: required })
/** `<ForgotPassword />` and the resend step of `<VerifyEmail />`. */
export const emailSchema = v.object({ email })
/** `<ResetPassword />`. */
export const newPasswordSchema = v.object({ newPassword: password })
/** `<ChangePassword />`: `currentPassword` is dropped where the backend does not ask for it. */
export const changePasswordSchema = v.object({ currentPassword: password, newPassword: password })
/** A 6-digit authenticator code (spaces allowed between the groups of three). */
export const totpCodeSchema = v.object({ code: totp })
/** The new password of a reset that asks the authenticator's code with it (Supabase, a user with TOTP). */
export const newPasswordWithCodeSchema = v.object({ newPassword: password, code: totp })
/** A backup code, as the server printed it. */
export const backupCodeSchema = v.object({ code: required })
/** A code the server sent (by e-mail): its length and alphabet are the server's. */
export const oneTimeCodeSchema = v.object({ code: required })
/** A confirmation with the current password (better-auth's TOTP setup and turn-off). */
export const currentPasswordSchema = v.object({ password })
/** A confirmation without a field (deleting an account where the backend asks for no password). */
export const confirmSchema = v.object({})
/** One required text field (the backend's `signUpFields` marked required). */
export const requiredText = required
/** One optional text field. */
export const optionalText = v.optional(v.pipe(v.string(), v.trim()))
