import { deanonymize, signInAnonymously } from '../core/flows/account.js'
import type { AuthSnapshot } from '../core/types.js'
import { useAuthMutation } from './useAuthMutation.js'
import { useSession } from './useSession.js'

const selectAnonymous = (snapshot: AuthSnapshot) => snapshot.user?.isAnonymous ?? false

/**
 * Guest sessions: `signIn` creates an anonymous user; `deanonymize` turns it into a regular account
 * with e-mail and password, keeping its data.
 */
export function useAnonymous() {
  return {
    isAnonymous: useSession(selectAnonymous),
    signIn: useAuthMutation((client, input: { displayName?: string | undefined; locale?: string | undefined } | void) => signInAnonymously(client, { ...input })),
    deanonymize: useAuthMutation((client, input: { email: string; password: string; redirectTo?: string | undefined }) => deanonymize(client, input)),
  }
}

/** What `useAnonymous()` returns. */
export type UseAnonymousResult = ReturnType<typeof useAnonymous>
