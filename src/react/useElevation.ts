import { useEffect, useReducer } from 'react'
import { elevateWithPasskey } from '../core/flows/passkey.js'
import { elevationOf } from '../core/jwt.js'
import type { AuthSnapshot } from '../core/types.js'
import { useAuthClient } from './context.js'
import { useAuthMutation } from './useAuthMutation.js'
import { useSession } from './useSession.js'

const selectSession = (snapshot: AuthSnapshot) => snapshot.session

/**
 * Whether the current access token carries the elevation claim (a recent passkey check), until when,
 * and `elevate` to get it. Re-renders when the elevation lapses.
 */
export function useElevation() {
  const client = useAuthClient()
  const session = useSession(selectSession)
  const [, tick] = useReducer((n: number) => n + 1, 0)
  const path = client.backend.traits.elevationClaim
  const claim = session && path ? elevationOf(session.accessToken, path, session.accessTokenExpiresAt) : { elevated: false, until: null }
  const elevated = claim.elevated && (claim.until === null || claim.until > Date.now())
  const until = elevated ? claim.until : null

  useEffect(() => {
    if (until === null) return
    const timer = setTimeout(tick, Math.max(0, until - Date.now()) + 10)
    return () => clearTimeout(timer)
  }, [until])

  return { elevated, until, elevate: useAuthMutation((c) => elevateWithPasskey(c)) }
}

/** What `useElevation()` returns. */
export type UseElevationResult = ReturnType<typeof useElevation>
