import { useMutation } from '@tanstack/react-query'
import type { SignUpInput, SignUpResult } from '../core/backend.js'
import type { AuthError } from '../core/errors.js'
import { useAuthClient } from './context.js'

/**
 * E-mail and password sign-up. Resolves with `{ kind: 'verify-email' }` when the server wants the
 * address verified before the first sign-in.
 *
 * @example
 * const { signUp, error } = useSignUp()
 * const result = await signUp({ email, password, displayName })
 */
export function useSignUp() {
  const client = useAuthClient()
  const mutation = useMutation<SignUpResult, AuthError, SignUpInput>({
    mutationFn: (input) => client.signUp(input),
  })
  return {
    ...mutation,
    signUp: mutation.mutateAsync,
    /** True once sign-up succeeded but the e-mail address must be verified first. */
    needsEmailVerification: mutation.data?.kind === 'verify-email',
  }
}

/** What `useSignUp()` returns. */
export type UseSignUpResult = ReturnType<typeof useSignUp>
