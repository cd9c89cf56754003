import Link from 'next/link'
import { SignedIn, SignedOut } from 'keyward'
import { SignInFlow } from './sign-in'

// A server component using keyward's client components directly ('use client' is in the package).
export default function Home() {
  return (
    <main>
      <h1>keyward + Next.js</h1>
      <SignedOut>
        <SignInFlow />
      </SignedOut>
      <SignedIn>
        <Link href="/account">Your account</Link>
      </SignedIn>
    </main>
  )
}
