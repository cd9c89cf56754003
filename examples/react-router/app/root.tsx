import type { ReactNode } from 'react'
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, type LoaderFunctionArgs } from 'react-router'
import { getSession } from 'keyward/server'
import 'keyward/forms.css'
import { verify } from './auth.server'
import { Providers } from './providers'

// The root loader verifies the session the request's cookies carry, so a signed-in reload renders
// signed in from the first byte. A forged, altered or expired cookie renders signed out.
export async function loader({ request }: LoaderFunctionArgs) {
  return { initialSession: await getSession(request, { verify }) }
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>keyward + React Router</title>
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  )
}

export default function App() {
  const { initialSession } = useLoaderData<typeof loader>()
  return (
    <Providers initialSession={initialSession}>
      <Outlet />
    </Providers>
  )
}
