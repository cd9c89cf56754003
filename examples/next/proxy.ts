import type { NextRequest } from 'next/server'
import { redirectIfSignedOut } from 'keyward/server'
import { verify } from './app/auth'

// Next.js's proxy (middleware): a request for a protected path without a verified session is sent to
// the sign-in page before any rendering; the page checks again (a proxy can be skipped by a matcher).
export async function proxy(request: NextRequest) {
  return (await redirectIfSignedOut(request, { verify, signIn: '/' })) ?? undefined
}

export const config = { matcher: ['/account'] }
