// The reply types of Supabase Auth as @supabase/auth-js publishes them, named for the schema generator
// (test/contract/supabase/derive.ts): each is what the client reads from one route's 2xx reply.
import type { AuthMFAChallengeTOTPResponse, AuthMFAEnrollTOTPResponse, Session, User } from '@supabase/auth-js'
// the list of codes the client knows (not re-exported by the package's entry)
import type { ErrorCode } from '@supabase/auth-js/dist/module/lib/error-codes.js'

/** `POST /token`, `POST /verify`, `POST /factors/:id/verify`, `POST /signup` signed in at once. */
export type SessionReply = Session
/** `GET /user`, `PUT /user`, `POST /signup` before confirmation. */
export type UserReply = User
/** `POST /factors` (TOTP). */
export type EnrollReply = NonNullable<Extract<AuthMFAEnrollTOTPResponse, { error: null }>['data']>
/** `POST /factors/:id/challenge` (TOTP). */
export type ChallengeReply = NonNullable<Extract<AuthMFAChallengeTOTPResponse, { error: null }>['data']>
/** A refusal's `code` with `X-Supabase-Api-Version: 2024-01-01`: the codes the client knows. */
export type ErrorReply = { code: ErrorCode; message: string }
