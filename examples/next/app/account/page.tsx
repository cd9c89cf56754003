import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { getSession } from 'keyward/server'
import { UserButton } from 'keyward/forms'
import { verify } from '../auth'
import { AccountDetails } from './details'

// A protected route: no verified session, no page (the server redirects before rendering anything).
export default async function AccountPage() {
  if (!(await getSession(await headers(), { verify }))) redirect('/')
  return (
    <main>
      <h1>Your account</h1>
      <AccountDetails />
      <UserButton />
    </main>
  )
}
