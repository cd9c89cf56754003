import { getSession, requireSession } from 'keyward/server'
import { tokenRoute, verify } from './auth.server'
import { MODE } from './mode'

/**
 * The request's verified session, for loaders. In token-route mode a session whose access token expired
 * while no page was open is renewed first (loaders that run together share the one renewal), so the
 * render is signed in from the first byte; `headers` carries the renewed cookies to the browser (the
 * routes' `headers` export passes them on).
 */
export async function sessionOf(request: Request) {
  const renewed = MODE === 'token-route' ? await tokenRoute.session(request) : null
  const headers = new Headers()
  for (const line of renewed?.setCookie ?? []) headers.append('set-cookie', line)
  const checked = renewed ? new Request(request.url, { headers: { cookie: renewed.cookie } }) : request
  return { checked, headers, session: () => getSession(checked, { verify }), require: (signIn: string) => requireSession(checked, { verify, signIn }) }
}
