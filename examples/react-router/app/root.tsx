import type { ReactNode } from 'react'
import { data, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, type HeadersFunction, type LoaderFunctionArgs } from 'react-router'
import 'keyward/forms.css'
import { Providers } from './providers'
import { sessionOf } from './session.server'

// The root loader verifies the session the request's cookies carry (renewed first where it expired), so
// a signed-in reload renders signed in from the first byte. A forged, altered or expired cookie renders
// signed out.
export async function loader({ request }: LoaderFunctionArgs) {
  const { session, headers } = await sessionOf(request)
  return data({ initialSession: await session() }, { headers })
}

// the renewed cookies, on the document's response
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders

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
