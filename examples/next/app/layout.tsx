import type { ReactNode } from 'react'
import { headers } from 'next/headers'
import { getSession } from 'keyward/server'
import 'keyward/forms.css'
import { verify } from './auth'
import { Providers } from './providers'

export const metadata = { title: 'keyward + Next.js' }

// A server component: it verifies the session the request's cookies carry, so a signed-in reload
// renders signed in from the first byte (no flash of the sign-in form, no loading state). A forged,
// altered or expired cookie renders signed out.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const initialSession = await getSession(await headers(), { verify })
  return (
    <html lang="en">
      <body>
        <Providers initialSession={initialSession}>{children}</Providers>
      </body>
    </html>
  )
}
