// The headless journey of the bench: a password + TOTP sign-in an app writes with the hooks, as the
// README shows them. Built for production by scripts/bench-journeys.mjs and loaded in Chromium.
import { type FormEvent, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { AuthProvider, localStorageStorage, useSession, useSignIn } from 'keyward'
// the adapter of the journey (the reference backend's, Supabase's, Auth.js's): scripts/bench-journeys.mjs
import { backend } from 'bench:backend'

function SignInPage() {
  const { signIn, verifyTotp, step, error, isPending } = useSignIn()
  const [code, setCode] = useState('')
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    signIn({ email: String(data.get('email')), password: String(data.get('password')) }).catch(() => {})
  }
  if (step === 'mfa') {
    return (
      <form onSubmit={(event) => (event.preventDefault(), verifyTotp(code).catch(() => {}))}>
        <label>
          Code <input name="code" autoComplete="one-time-code" value={code} onChange={(event) => setCode(event.target.value)} />
        </label>
        <button disabled={isPending}>Verify</button>
        {error && <p role="alert">{error.message}</p>}
      </form>
    )
  }
  return (
    <form onSubmit={submit}>
      <label>
        Email <input name="email" type="email" autoComplete="username" />
      </label>
      <label>
        Password <input name="password" type="password" autoComplete="current-password" />
      </label>
      <button disabled={isPending}>Sign in</button>
      {error && <p role="alert">{error.message}</p>}
    </form>
  )
}

function App() {
  const { status, user } = useSession()
  if (status === 'loading') return null
  return status === 'signedIn' ? <p>Signed in as {user?.email}</p> : <SignInPage />
}

createRoot(document.getElementById('root')!).render(
  <AuthProvider backend={backend} storage={localStorageStorage()}>
    <App />
  </AuthProvider>,
)
