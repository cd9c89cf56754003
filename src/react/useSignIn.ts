import { useSyncExternalStore } from 'react'
import { signInFlow, type SignInFlow, type SignInSnapshot } from '../core/sign-in.js'
import { useAuthClient } from './context.js'

/**
 * Password sign-in, as a thin hook over the client's sign-in flow (`signInFlow(client)` in core): every
 * component that calls it reads the same flow. When the account has a second factor the result is
 * `{ kind: 'mfa', methods }`, `step` is `'mfa'`, and `verifyTotp(code)` or `verifyBackupCode(code)`
 * finishes. `step` is `'done'` while a session exists: it starts over when the session ends.
 *
 * @example
 * const { signIn, step, mfa, verifyTotp, isPending, error } = useSignIn()
 * const result = await signIn({ email, password })
 * if (result.kind === 'mfa') await verifyTotp(codeFromApp)
 */
export function useSignIn(): UseSignInResult {
  const flow = signInFlow(useAuthClient())
  const state = useSyncExternalStore(flow.subscribe, flow.getSnapshot, flow.getSnapshot)
  return { ...state, signIn: flow.signIn, verifyTotp: flow.verifyTotp, verifyBackupCode: flow.verifyBackupCode, reset: flow.reset }
}

/**
 * What `useSignIn()` returns: where the flow stands (`step`, `isPending`, `error`, `mfa` with the
 * second factors offered and the ticket, `email` to verify, `redirectUrl`) and its actions.
 */
export type UseSignInResult = SignInSnapshot & Pick<SignInFlow, 'signIn' | 'verifyTotp' | 'verifyBackupCode' | 'reset'>
