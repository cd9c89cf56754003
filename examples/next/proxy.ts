import { NextResponse, type NextRequest } from 'next/server'
import { redirectIfSignedOut } from 'keyward/server'
import { tokenRoute, verify } from './app/auth'
import { MODE } from './app/mode'

const PROTECTED = ['/account']

// Next.js's proxy (middleware), in front of every page. In token-route mode it renews a session whose
// access token expired while no page was open, so the render behind it is signed in from the first
// byte (the renewed cookies passed on to it, and to the browser). A protected path without a verified
// session is sent to the sign-in page before any rendering; the page checks again.
export async function proxy(request: NextRequest) {
  const renewed = MODE === 'token-route' ? await tokenRoute.session(request) : null
  const headers = new Headers(request.headers)
  if (renewed) headers.set('cookie', renewed.cookie)
  const redirect = PROTECTED.includes(request.nextUrl.pathname) ? await redirectIfSignedOut(new Request(request.url, { headers }), { verify, signIn: '/' }) : null
  const response = redirect ?? NextResponse.next({ request: { headers } })
  for (const line of renewed?.setCookie ?? []) response.headers.append('set-cookie', line)
  return response
}

export const config = { matcher: ['/((?!_next/|api/auth|auth/v1|favicon.ico).*)'] }
