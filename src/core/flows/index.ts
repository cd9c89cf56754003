export { startTotpSetup, activateTotp, disableTotp, regenerateBackupCodes, otpauthUri, type TotpSetup, type MfaConfirmation } from './mfa.js'
export { verifyBackupCode, verifyTotp } from './mfa-verify.js'
export {
  signInWithPasskey,
  signUpWithPasskey,
  addPasskey,
  completeResetWithPasskey,
  elevateWithPasskey,
  withElevation,
  passkeysSupported,
  passkeyAutofillSupported,
  cancelPasskeyCeremony,
  upgradeToPasskey,
  conditionalCreateSupported,
  type PasskeyUpgrade,
} from './passkey.js'
export {
  accountExists,
  requestPasswordReset,
  completePasswordReset,
  changePassword,
  changeEmail,
  deleteAccount,
  sendVerificationEmail,
  verifyEmail,
  signInAnonymously,
  deanonymize,
  createPersonalAccessToken,
  signInWithPersonalAccessToken,
} from './account.js'
export { sendMagicLink, sendEmailOtp, verifyEmailOtp, sendSmsOtp, verifySmsOtp } from './passwordless.js'
export { handleAuthRedirect, type AuthRedirect, type LinkStep } from './redirect.js'
export { oauthProviderUrl, signInWithRedirect } from './oauth.js'

export { listSessions, revokeSession, signOutOthers, listPasskeys, removePasskey, renamePasskey } from './devices.js'
