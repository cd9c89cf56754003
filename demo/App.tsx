import { useState } from 'react'
import { type AuthError, SignedIn, SignedOut, useCapabilities, useSession } from 'keyward'
import {
  Account,
  AuthFlow,
  Card,
  en,
  errorText,
  Message,
  ChangePassword,
  ForgotPassword,
  MfaSetup,
  PasskeyButton,
  PasskeyOffer,
  Passkeys,
  ResetPassword,
  Sessions,
  SignIn,
  SignUp,
  VerifyEmail,
} from 'keyward/forms'
import { HooksPage } from './HooksPage.tsx'
import { Outbox } from './Outbox.tsx'
import { Header } from './Layout.tsx'
import { Link, navigate, usePath } from './router.tsx'

const origin = () => window.location.origin
const home = () => navigate('/')

function Forms({ path }: { path: string }) {
  switch (path) {
    case '/sign-in':
      return <SignIn onSignedIn={home} onSignUp={() => navigate('/sign-up')} onForgotPassword={() => navigate('/forgot-password')} />
    case '/sign-in/email-first':
      return <SignIn identifierFirst onSignedIn={home} onSignUp={() => navigate('/sign-up')} onForgotPassword={() => navigate('/forgot-password')} />
    case '/passkey':
      return <PasskeyOnly />
    case '/sign-up':
      return <SignUp onSignedIn={home} onSignIn={() => navigate('/sign-in')} redirectTo={`${origin()}/verify-email`} />
    case '/forgot-password':
      return <ForgotPassword redirectTo={`${origin()}/reset-password`} onBack={() => navigate('/sign-in')} />
    case '/reset-password':
      return <ResetPassword />
    case '/verify-email':
      return <VerifyEmail onVerified={home} />
    case '/account':
      return <Gate><Account issuer="keyward demo" /></Gate>
    case '/mfa':
      return <Gate><MfaSetup issuer="keyward demo" /></Gate>
    case '/passkeys':
      return <Gate><Passkeys /></Gate>
    case '/change-password':
      return <Gate><ChangePassword /></Gate>
    case '/sessions':
      return (
        <Gate>
          <Sessions />
          <NoSessions />
        </Gate>
      )
    default:
      return (
        <>
          <SignedOut>
            <AuthFlow />
          </SignedOut>
          <SignedIn>
            <p>You are signed in. Try the account pages above, or sign out from the menu.</p>
            <PasskeyOffer />
          </SignedIn>
        </>
      )
  }
}

/** The passkey button on its own, with the app's own message region (the part takes `onError`). */
function PasskeyOnly() {
  const [error, setError] = useState<AuthError | null>(null)
  return (
    <Card>
      <PasskeyButton onSignedIn={home} onClick={() => setError(null)} onError={setError} />
      <Message tone="error" message={errorText(en, error)} />
    </Card>
  )
}

/** Said where the backend cannot list sessions (Nhost), instead of an empty page. */
function NoSessions() {
  const { sessions, signOutOthers } = useCapabilities()
  if (sessions) return null
  return <p className="note">{signOutOthers ? 'This backend has no endpoint that lists sessions; it can sign out the other devices at once.' : 'This backend has no endpoint that lists sessions, so this view stays empty here.'}</p>
}

function Gate({ children }: { children: React.ReactNode }) {
  return (
    <>
      <SignedIn>{children}</SignedIn>
      <SignedOut>
        <p>
          <Link to="/sign-in">Sign in</Link> first.
        </p>
      </SignedOut>
    </>
  )
}

export function App() {
  const path = usePath()
  const status = useSession((s) => s.status)
  if (path === '/hooks') return <HooksPage />
  return (
    <main>
      <Header />
      <p className="note" aria-live="polite">
        Session: <strong>{status}</strong>
      </p>
      <Forms path={path} />
      <Outbox />
    </main>
  )
}
