import type { AuthSnapshot } from '../core/types.js'
import { activateTotp, disableTotp, regenerateBackupCodes, startTotpSetup, type MfaConfirmation } from '../core/flows/mfa.js'
import { useAuthClient } from './context.js'
import { useAuthMutation } from './useAuthMutation.js'
import { useSession } from './useSession.js'

const selectMfaType = (snapshot: AuthSnapshot) => snapshot.user?.activeMfaType ?? null

/**
 * TOTP multi-factor authentication for the signed-in user. Each action is a TanStack mutation.
 * `confirmWith` says what turning TOTP on and off takes on this backend: a current code (Nhost) or
 * the password (better-auth). (The sign-in challenge is `useSignIn().verifyTotp`.)
 *
 * @example
 * const { setup, activate, status, confirmWith } = useMfa()
 * const { qrSvg, secret, backupCodes } = await setup.mutateAsync(confirmWith === 'password' ? { password } : undefined)
 * await activate.mutateAsync(codeFromApp)
 */
export function useMfa() {
  const status = useSession(selectMfaType)
  const confirmWith = useAuthClient().backend.mfa?.confirmWith ?? 'code'
  return {
    /** `'totp'` when TOTP is on, `null` when off. */
    status,
    enabled: status === 'totp',
    /** What `setup`, `disable` and `regenerateBackupCodes` take: `{ code }` or `{ password }`. */
    confirmWith,
    /**
     * Starts setup: resolves with the secret, the otpauth URI, a QR code (SVG string and data URL) and
     * the backup codes where the backend issues them. `{ password }` where `confirmWith` is `'password'`.
     */
    setup: useAuthMutation((client, options: { issuer?: string | undefined; password?: string | undefined } | void) => startTotpSetup(client, options ?? {})),
    /** Confirms setup with a code from the authenticator app. Wrong code: `invalid-totp`. */
    activate: useAuthMutation((client, code: string) => activateTotp(client, code)),
    /** Turns TOTP off: a current code (a string or `{ code }`), or `{ password }`. */
    disable: useAuthMutation((client, confirmation: string | MfaConfirmation) => disableTotp(client, confirmation)),
    /** New backup codes, replacing the old ones (where `useCapabilities().backupCodes`). */
    regenerateBackupCodes: useAuthMutation((client, confirmation: MfaConfirmation) => regenerateBackupCodes(client, confirmation)),
  }
}

/** What `useMfa()` returns. */
export type UseMfaResult = ReturnType<typeof useMfa>
