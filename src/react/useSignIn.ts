import { useSyncExternalStore } from 'react'
import { signInFlow } from '../core/sign-in.js'
import { useAuthClient } from './context.js'

/**
 * Password sign-in, as a thin hook over the client's sign-in flow (`signInFlow(client)` in core): every
 * component that calls it reads the same flow. When the account has a second factor the result is
 * `{ kind: 'mfa', methods }`, `step` is `'mfa'`, and `verifyTotp(code)` or `verifyBackupCode(code)`
 * finishes. `step` is `'done'` while a session exists: it starts over when the session ends.
 *
 * @example
 * const { signIn, step, verifyTotp, isPending, error } = useSignIn()
 * const result = await signIn({ email, password })
 * if (result.kind === 'mfa') await verifyTotp(codeFromApp)
 */
export function useSignIn() {
  const flow = signInFlow(useAuthClient())
  const state = useSyncExternalStore(flow.subscribe, flow.getSnapshot, flow.getSnapshot)
  return {
    ...state,
    /** Signs in; resolves with the result, rejects with (and publishes) an AuthError. */
    signIn: flow.signIn,
    /** Finishes the `mfa` step with the code from the authenticator app (`invalid-totp`, `invalid-ticket`). */
    verifyTotp: flow.verifyTotp,
    /** Finishes the `mfa` step with a backup code, where `mfaMethods` offers `'backup-code'`. */
    verifyBackupCode: flow.verifyBackupCode,
    /** Back to the first step. */
    reset: flow.reset,
    isPending: state.pending,
    /** The ticket of the `mfa` step, where the server hands one over (`null` otherwise). */
    mfaTicket: state.mfa?.ticket ?? null,
    /** The second factors the server offers in the `mfa` step. */
    mfaMethods: state.mfa?.methods ?? [],
  }
}
