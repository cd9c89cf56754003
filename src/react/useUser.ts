import type { AuthSnapshot } from '../core/types.js'
import type { User } from '../core/types.js'
import { useSession } from './useSession.js'

/** The signed-in user, or `null`. Re-renders only when the user changes. */
export function useUser(): User | null {
  return useSession(selectUser)
}

const selectUser = (snapshot: AuthSnapshot) => snapshot.user
