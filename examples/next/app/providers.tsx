'use client'
import type { ReactNode } from 'react'
import { AuthProvider, cookieStorage, memoryStorage, viaTokenRoute, type Session } from 'keyward'
import { nhost } from 'keyward/backends/nhost'
import { MODE } from './mode'

// The provider is a client component; the server layout hands it the session it verified.
const backend = MODE === 'token-route' ? viaTokenRoute(nhost({ url: '/auth/v1' }), { route: '/api/auth' }) : nhost({ url: '/auth/v1' })
const storage = MODE === 'token-route' ? memoryStorage() : cookieStorage()

export function Providers({ children, initialSession }: { children: ReactNode; initialSession: Session | null }) {
  return (
    <AuthProvider backend={backend} storage={storage} initialSession={initialSession}>
      {children}
    </AuthProvider>
  )
}
