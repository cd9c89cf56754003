import { useMutation, type UseMutationResult } from '@tanstack/react-query'
import type { AuthClient } from '../core/client.js'
import type { AuthError } from '../core/errors.js'
import { useAuthClient } from './context.js'

/**
 * What every action of a flow hook is: a TanStack mutation (`mutateAsync`, `mutate`, `isPending`,
 * `error`, `data`, `reset`) whose errors are typed `AuthError`.
 */
export type AuthMutation<TData, TVariables = void> = UseMutationResult<TData, AuthError, TVariables>

/** A TanStack mutation whose function receives the AuthClient; errors are typed `AuthError`. */
export function useAuthMutation<TData, TVariables = void>(run: (client: AuthClient, variables: TVariables) => Promise<TData>): AuthMutation<TData, TVariables> {
  const client = useAuthClient()
  return useMutation<TData, AuthError, TVariables>({ mutationFn: (variables) => run(client, variables) })
}
