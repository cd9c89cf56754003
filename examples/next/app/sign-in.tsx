'use client'
import { useRouter } from 'next/navigation'
import { AuthFlow } from 'keyward/forms'

export function SignInFlow() {
  const router = useRouter()
  return <AuthFlow onSignedIn={() => router.push('/account')} />
}
