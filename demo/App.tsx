import { type FormEvent, useEffect, useState } from 'react'
import { type AuthError, SignedIn, SignedOut, useSession, useSignIn, useSignOut, useSignUp, useUser } from 'keyward'

// The drop-in forms (keyward/forms) replace these hand-written ones in a later release; this page
// shows the headless hooks doing the work.

const messages: Partial<Record<string, string>> = {
  'invalid-email-password': 'Wrong e-mail or password.',
  'email-already-in-use': 'An account with this e-mail already exists. Sign in instead.',
  'password-too-short': 'Choose a password of at least 9 characters.',
  'invalid-request': 'Check the e-mail address and password.',
  'unverified-user': 'Verify your e-mail address first: look for the link in the outbox below.',
  network_error: 'The server could not be reached. Check your connection and try again.',
  timeout: 'The server took too long to answer. Try again.',
  'rate-limited': 'Too many attempts. Wait a moment and try again.',
}
const describe = (error: AuthError) => messages[error.code] ?? `Something went wrong (${error.code}).`

function ErrorMessage({ error }: { error: AuthError | null }) {
  return <p role="alert">{error ? describe(error) : null}</p>
}

function Credentials({ idPrefix, newPassword }: { idPrefix: string; newPassword?: boolean }) {
  return (
    <>
      <label htmlFor={`${idPrefix}-email`}>E-mail</label>
      <input id={`${idPrefix}-email`} name="email" type="email" autoComplete="username" required />
      <label htmlFor={`${idPrefix}-password`}>Password</label>
      <input
        id={`${idPrefix}-password`}
        name="password"
        type="password"
        autoComplete={newPassword ? 'new-password' : 'current-password'}
        required
      />
    </>
  )
}

function fields(event: FormEvent<HTMLFormElement>) {
  event.preventDefault()
  const data = new FormData(event.currentTarget)
  return { email: String(data.get('email')), password: String(data.get('password')) }
}

function SignUpForm() {
  const { signUp, isPending, error, needsEmailVerification } = useSignUp()
  if (needsEmailVerification) return <p>Check your e-mail (the outbox below) to verify your address.</p>
  return (
    <form
      // the verification link brings the user back to this page
      onSubmit={(e) => void signUp({ ...fields(e), redirectTo: window.location.origin }).catch(() => {})}
      aria-labelledby="signup-title"
    >
      <h2 id="signup-title">Create an account</h2>
      <Credentials idPrefix="signup" newPassword />
      <button type="submit" disabled={isPending}>{isPending ? 'Creating…' : 'Sign up'}</button>
      <ErrorMessage error={error} />
    </form>
  )
}

function SignInForm() {
  const { signIn, isPending, error, step } = useSignIn()
  if (step === 'mfa') return <p>This account uses two-factor authentication. (The TOTP step arrives with the MFA hooks.)</p>
  return (
    <form onSubmit={(e) => void signIn(fields(e)).catch(() => {})} aria-labelledby="signin-title">
      <h2 id="signin-title">Sign in</h2>
      <Credentials idPrefix="signin" />
      <button type="submit" disabled={isPending}>{isPending ? 'Signing in…' : 'Sign in'}</button>
      <ErrorMessage error={error} />
    </form>
  )
}

function Account() {
  const user = useUser()
  const session = useSession((s) => s.session)
  const { signOut, isPending } = useSignOut()
  const expires = session?.accessTokenExpiresAt ? new Date(session.accessTokenExpiresAt).toLocaleTimeString() : '—'
  return (
    <section aria-labelledby="account-title">
      <h2 id="account-title">Signed in as {user?.displayName}</h2>
      <p className="note">Access token valid until {expires}; keyward refreshes it a minute before.</p>
      <pre>{JSON.stringify(user, null, 2)}</pre>
      <button type="button" disabled={isPending} onClick={() => void signOut()}>Sign out</button>
      <button type="button" className="secondary" disabled={isPending} onClick={() => void signOut({ all: true })}>
        Sign out on every device
      </button>
    </section>
  )
}

interface Mail {
  to: string
  subject: string
  link: string | null
}

function Outbox() {
  const [mails, setMails] = useState<Mail[]>([])
  const status = useSession((s) => s.status)
  useEffect(() => {
    const load = () =>
      fetch('/auth/v1/__reference/outbox')
        .then((r) => r.json() as Promise<Mail[]>)
        .then(setMails)
        .catch(() => {})
    void load()
    const timer = setInterval(load, 2000)
    return () => clearInterval(timer)
  }, [status])
  return (
    <section aria-labelledby="outbox-title">
      <h2 id="outbox-title">Outbox</h2>
      <p className="note">What the reference backend would have e-mailed.</p>
      {mails.length === 0 ? (
        <p>No e-mails yet.</p>
      ) : (
        <ul className="mail">
          {mails.map((mail, i) => (
            <li key={i}>
              To {mail.to}: {mail.subject} {mail.link && <a href={mail.link}>open link</a>}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** The /verify redirect lands here; the full hand-over to a session is `useEmailVerification`'s job. */
function useVerificationNotice() {
  const [notice] = useState(() => {
    const url = new URL(window.location.href)
    const error = url.searchParams.get('errorDescription')
    const verified = url.searchParams.get('type') === 'emailVerify' && url.searchParams.has('refreshToken')
    if (!error && !verified) return null
    // never leave a token in the address bar or the history
    for (const name of ['refreshToken', 'type', 'error', 'errorDescription']) url.searchParams.delete(name)
    window.history.replaceState(null, '', url)
    return error ? `Verification failed: ${error}` : 'Your e-mail address is verified. Sign in below.'
  })
  return notice
}

export function App() {
  const status = useSession((s) => s.status)
  const notice = useVerificationNotice()
  return (
    <main>
      <h1>keyward demo</h1>
      <p className="note" aria-live="polite">
        Session: <strong>{status}</strong>
      </p>
      {notice && <p role="status">{notice}</p>}
      <SignedIn>
        <Account />
      </SignedIn>
      <SignedOut>
        <section>
          <SignInForm />
        </section>
        <section>
          <SignUpForm />
        </section>
      </SignedOut>
      <Outbox />
    </main>
  )
}
