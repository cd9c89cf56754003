import { useEffect, useState } from 'react'
import { RequireAuth, SignedIn, SignedOut, useUser } from 'keyward'
import { AuthFlow, UserButton } from 'keyward/forms'

// Two pages without a router: `/` (sign in or up) and `/account` (signed-in users only).
function usePath() {
  const [path, setPath] = useState(location.pathname)
  useEffect(() => {
    const onPop = () => setPath(location.pathname)
    addEventListener('popstate', onPop)
    return () => removeEventListener('popstate', onPop)
  }, [])
  const go = (to: string) => {
    history.pushState(null, '', to)
    setPath(to)
  }
  return [path, go] as const
}

export function Account() {
  const user = useUser()
  return (
    <section>
      <h1>Your account</h1>
      <p>Signed in as {user?.email}</p>
      <UserButton />
    </section>
  )
}

export function App() {
  const [path, go] = usePath()
  if (path === '/account') {
    return (
      <RequireAuth fallback={<a href="/" onClick={(event) => (event.preventDefault(), go('/'))}>Sign in to see your account</a>} loading={<p>Loading…</p>}>
        <Account />
      </RequireAuth>
    )
  }
  return (
    <main>
      <SignedOut>
        <AuthFlow onSignedIn={() => go('/account')} />
      </SignedOut>
      <SignedIn>
        <a href="/account" onClick={(event) => (event.preventDefault(), go('/account'))}>Your account</a>
      </SignedIn>
    </main>
  )
}
