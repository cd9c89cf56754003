import { createContext, useContext } from 'react'
import type { AuthClient } from '../core/client.js'

export const AuthContext = createContext<AuthClient | null>(null)
// named in React DevTools; an app's production build (process.env.NODE_ENV, which React itself needs) drops it
if (process.env.NODE_ENV !== 'production') {
  AuthContext.displayName = 'KeywardAuth'
}

/** The AuthClient of the nearest `<AuthProvider>`. */
export function useAuthClient(): AuthClient {
  const client = useContext(AuthContext)
  if (!client) throw new Error('keyward hooks must be used within <AuthProvider>')
  return client
}
