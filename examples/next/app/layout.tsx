import type { ReactNode } from 'react'
import { cookies } from 'next/headers'
import { parseStoredSession } from 'keyward/core'
import 'keyward/forms.css'
import { Providers } from './providers'
import { SESSION_COOKIE } from './session-cookie'

export const metadata = { title: 'keyward + Next.js' }

// A server component: it reads the session cookie, so a signed-in reload renders signed in from the
// first byte (no flash of the sign-in form, no loading state).
export default async function RootLayout({ children }: { children: ReactNode }) {
  const initialSession = parseStoredSession((await cookies()).get(SESSION_COOKIE)?.value ?? null)
  return (
    <html lang="en">
      <body>
        <Providers initialSession={initialSession}>{children}</Providers>
      </body>
    </html>
  )
}
