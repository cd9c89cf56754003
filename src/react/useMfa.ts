import type { AuthSnapshot } from '../core/types.js'
import { activateTotp, disableTotp, startTotpSetup } from '../core/flows/mfa.js'
import { useAuthMutation } from './useAuthMutation.js'
import { useSession } from './useSession.js'

const selectMfaType = (snapshot: AuthSnapshot) => snapshot.user?.activeMfaType ?? null

/**
 * TOTP multi-factor authentication for the signed-in user. Each action is a TanStack mutation.
 * (The sign-in challenge is `useSignIn().verifyTotp`.)
 *
 * @example
 * const { setup, activate, status } = useMfa()
 * const { qrSvg, secret } = await setup.mutateAsync()
 * await activate.mutateAsync(codeFromApp)
 */
export function useMfa() {
  const status = useSession(selectMfaType)
  return {
    /** `'totp'` when TOTP is on, `null` when off. */
    status,
    enabled: status === 'totp',
    /** Starts setup: resolves with the secret, the otpauth URI and a QR code (SVG string and data URL). */
    setup: useAuthMutation((client, options: { issuer?: string | undefined } | void) => startTotpSetup(client, options ?? {})),
    /** Confirms setup with a code from the authenticator app. Wrong code: `invalid-totp`. */
    activate: useAuthMutation((client, code: string) => activateTotp(client, code)),
    /** Turns TOTP off with a current code. */
    disable: useAuthMutation((client, code: string) => disableTotp(client, code)),
  }
}
