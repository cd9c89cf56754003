'use client'
import type { ReactNode } from 'react'
import { AuthProvider, type Session } from 'keyward'
import { nhost } from 'keyward/backends/nhost'
import { cookieStorage } from './session-cookie'

// The provider is a client component; the server layout hands it the session the cookie carried.
export function Providers({ children, initialSession }: { children: ReactNode; initialSession: Session | null }) {
  return (
    <AuthProvider backend={nhost({ url: '/auth/v1' })} storage={cookieStorage()} initialSession={initialSession}>
      {children}
    </AuthProvider>
  )
}
