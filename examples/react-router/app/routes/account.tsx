import { useEffect } from 'react'
import { useNavigate, type HeadersFunction, type LoaderFunctionArgs } from 'react-router'
import { useSession } from 'keyward'
import { UserButton } from 'keyward/forms'
import { sessionOf } from '../session.server'

// A protected route: no verified session, no page (the loader throws a redirect before rendering).
export async function loader({ request }: LoaderFunctionArgs) {
  await (await sessionOf(request)).require('/')
  return null
}

// the root loader's renewed cookies, on this page's document too
export const headers: HeadersFunction = ({ parentHeaders }) => parentHeaders

export default function Account() {
  const session = useSession()
  const navigate = useNavigate()
  // signed out here (the button, another tab, an ended session): back to the sign-in page
  useEffect(() => {
    if (session.status === 'signedOut') navigate('/', { replace: true })
  }, [session.status, navigate])
  return (
    <main>
      <h1>Your account</h1>
      {session.status === 'signedIn' ? <p>Signed in as {session.user?.email}</p> : null}
      <UserButton />
    </main>
  )
}
