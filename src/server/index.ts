// keyward/server: the session on the server, for any framework that hands over a standard `Request`
// (Next.js route handlers and proxy.ts, React Router loaders and actions, Hono, Express through a
// fetch adapter). No React, no browser globals: it runs in Node and in edge runtimes.
//
// Two ways to keep the session, one cookie format (see docs/server.md):
// - the browser keeps it (`cookieStorage()` in keyward/core): the server reads and verifies it;
// - the token route keeps it (`createTokenRoute(backend)` here, `viaTokenRoute` in the browser): the
//   refresh token in an httpOnly cookie scripts cannot read, the access token in the page's memory.
export { createTokenRoute, REFRESH_COOKIE, type TokenRoute, type TokenRouteOptions, type CookieSettings } from './token-route.js'
export { getSession, requireSession, redirectIfSignedOut, type GetSessionOptions, type SessionSource } from './session.js'
export { verifyJwt, confirmWithBackend, type SessionCheck, type VerifyJwtOptions, type ConfirmOptions } from './verify.js'
export { SESSION_COOKIE, parseCookieHeader } from '../core/cookies.js'
export { AuthError, AuthErrorCode, isAuthError } from '../core/errors.js'
export type { Session, User } from '../core/types.js'
export type { AuthBackend } from '../core/backend.js'
