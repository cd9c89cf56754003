import { nhost } from 'keyward/backends/nhost'
import { createTokenRoute, verifyJwt, type SessionCheck } from 'keyward/server'
import { reference } from './reference.server'

// The server's side of the session (keyward/server). With your Nhost:
//   export const verify = verifyJwt({ jwks: 'https://<subdomain>.auth.<region>.nhost.run/v1/.well-known/jwks.json' })
//   export const tokenRoute = createTokenRoute(nhost({ url: 'https://<subdomain>.auth.<region>.nhost.run/v1' }))
// Here the reference backend runs in this process: its keys and its requests are reached in process.

const inProcess: typeof fetch = (input, init) => reference().fetch(new Request(input, init))
let check: Promise<SessionCheck> | undefined

/** Trusts a session only with an access token the auth server signed, unexpired, about its user. */
export const verify: SessionCheck = async (input) => {
  check ??= inProcess('http://reference.internal/auth/v1/.well-known/jwks.json')
    .then((reply) => reply.json())
    .then((jwks) => verifyJwt({ jwks }))
  return (await check)(input)
}

/** The token route (token-route mode): the adapter runs here, the refresh token stays in an httpOnly cookie. */
export const tokenRoute = createTokenRoute(nhost({ url: 'http://reference.internal/auth/v1' }), { fetch: inProcess })
