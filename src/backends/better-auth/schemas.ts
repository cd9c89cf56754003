import * as v from 'valibot'

export { ERROR_CODES } from './codes.js'

// Reply shapes of better-auth 1.x (its `/api/auth` endpoints), only the fields keyward reads; unknown
// fields are dropped.

export const user = v.object({
  id: v.pipe(v.string(), v.minLength(1)),
  email: v.nullish(v.string()),
  emailVerified: v.boolean(),
  name: v.nullish(v.string()),
  image: v.nullish(v.string()),
  createdAt: v.nullish(v.string()),
  twoFactorEnabled: v.nullish(v.boolean()),
  isAnonymous: v.nullish(v.boolean()),
})
export type BetterAuthUser = v.InferOutput<typeof user>

/** `POST /sign-in/email`, `/sign-up/email`: a session token and the user, or the two-factor step. */
export const signIn = v.union([
  v.object({ twoFactorRedirect: v.literal(true), twoFactorMethods: v.optional(v.array(v.string())) }),
  v.object({ token: v.nullable(v.string()), user }),
])

/**
 * `POST /two-factor/verify-totp`, `/two-factor/verify-backup-code`, `/passkey/verify-authentication`, …:
 * the user of the session whose token came in `set-auth-token`.
 */
export const verified = v.object({ user })

/** `GET /get-session`: the session and its user, or `null` when the token is not (or no longer) valid. */
export const getSession = v.nullable(
  v.object({
    // `token`: the session token (unsigned; the bearer plugin accepts it unless `requireSignature`)
    session: v.object({ expiresAt: v.string(), token: v.optional(v.string()) }),
    user,
  }),
)
