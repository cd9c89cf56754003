import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { parseStoredSession } from 'keyward/core'
import { UserButton } from 'keyward/forms'
import { SESSION_COOKIE } from '../session-cookie'
import { AccountDetails } from './details'

// A protected route: no session cookie, no page (the server redirects before rendering anything).
export default async function AccountPage() {
  if (!parseStoredSession((await cookies()).get(SESSION_COOKIE)?.value ?? null)) redirect('/')
  return (
    <main>
      <h1>Your account</h1>
      <AccountDetails />
      <UserButton />
    </main>
  )
}
