'use client'
import { useRouter } from 'next/navigation'
import { useEffect } from 'react'
import { useSession } from 'keyward'

export function AccountDetails() {
  const session = useSession()
  const router = useRouter()
  // signed out here (the button, another tab, an ended session): back to the sign-in page
  useEffect(() => {
    if (session.status === 'signedOut') router.replace('/')
  }, [session.status, router])
  return session.status === 'signedIn' ? <p>Signed in as {session.user?.email}</p> : null
}
