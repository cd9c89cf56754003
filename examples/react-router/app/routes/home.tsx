import { Link, useNavigate } from 'react-router'
import { SignedIn, SignedOut } from 'keyward'
import { AuthFlow } from 'keyward/forms'

export default function Home() {
  const navigate = useNavigate()
  return (
    <main>
      <h1>keyward + React Router</h1>
      <SignedOut>
        <AuthFlow onSignedIn={() => navigate('/account')} />
      </SignedOut>
      <SignedIn>
        <Link to="/account">Your account</Link>
      </SignedIn>
    </main>
  )
}
