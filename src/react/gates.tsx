import type { ReactNode } from 'react'
import type { AuthSnapshot } from '../core/types.js'
import { useSession } from './useSession.js'

const selectStatus = (snapshot: AuthSnapshot) => snapshot.status

/** Renders its children only while signed in; nothing while the session is still loading. */
export function SignedIn({ children }: { children?: ReactNode }) {
  return useSession(selectStatus) === 'signedIn' ? <>{children}</> : null
}

/** Renders its children only once it is known that nobody is signed in: no flash during restore. */
export function SignedOut({ children }: { children?: ReactNode }) {
  return useSession(selectStatus) === 'signedOut' ? <>{children}</> : null
}

/** Children when signed in, `fallback` when signed out, `loading` while the session is restored. */
export function RequireAuth({ children, fallback = null, loading = null }: { children?: ReactNode; fallback?: ReactNode; loading?: ReactNode }) {
  const status = useSession(selectStatus)
  return <>{status === 'signedIn' ? children : status === 'signedOut' ? fallback : loading}</>
}
