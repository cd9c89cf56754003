import type { SignUpInput, SignUpResult } from '../core/backend.js'
import { useAuthMutation } from './useAuthMutation.js'

/**
 * E-mail and password sign-up. `signUp` resolves with `{ kind: 'verify-email' }` when the server wants
 * the address verified before the first sign-in.
 *
 * @example
 * const { signUp, needsEmailVerification } = useSignUp()
 * const result = await signUp.mutateAsync({ email, password, displayName })
 */
export function useSignUp() {
  const signUp = useAuthMutation((client, input: SignUpInput): Promise<SignUpResult> => client.signUp(input))
  return {
    signUp,
    /** True once sign-up succeeded but the e-mail address must be verified first. */
    needsEmailVerification: signUp.data?.kind === 'verify-email',
  }
}

/** What `useSignUp()` returns. */
export type UseSignUpResult = ReturnType<typeof useSignUp>
