// keyward/backends/kit: everything an adapter is built from, and nothing else. keyward's own adapters
// import only this (and their own files); an eighth backend needs nothing more. See
// docs/writing-a-backend.md for a walk through a small adapter and the conformance suite.

/** The contract an adapter fulfils, and the shapes it returns. */
export type * from '../../core/backend.js'
export type { Session, User } from '../../core/types.js'
export type { AuthClient } from '../../core/client.js'
export type { ResponseIssue, ResponseSchema } from './request.js'

/** Errors: every operation rejects only with an AuthError. */
export { AuthError, AuthErrorCode, isAuthError, isAuthErrorCode, toAuthError, type AuthErrorOptions } from '../../core/errors.js'
export { codeForStatus } from './status.js'

/** Requests: one builder for every call to the server. */
export { createRequester, type Requester, type RequesterOptions, type RequestOptions } from './request.js'
/** Replies: a Standard Schema (keyward's adapters use Valibot) as the checker requests take. */
export { checked, type ReplySchema } from './schema.js'

/** Code that loads on first use, for what most sign-ins never need: a crypto library, a verifier. */
export { loadOnce } from '../../core/lazy.js'
export { lazyGroup } from './lazy.js'

/** Tokens and links. */
export { decodeJwtClaims } from '../../core/jwt.js'
export { LINK_MARK, markedPurpose, markLink } from './links.js'
export { pkceChallenge, randomToken } from './oauth.js'

/** What a backend offers, as forms and hooks see it. */
export { capabilitiesOf, withoutCapabilities } from '../../core/capabilities.js'
