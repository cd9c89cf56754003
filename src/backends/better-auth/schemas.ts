import * as z from 'zod/mini'

export { ERROR_CODES } from './codes.js'
export { checked } from '../kit/index.js'

// Reply shapes of better-auth 1.x (its `/api/auth` endpoints), only the fields keyward reads; unknown
// fields are dropped. Loaded with the first request: zod/mini in its own chunk.

export const user = z.object({
  id: z.string().check(z.minLength(1)),
  email: z.nullish(z.string()),
  emailVerified: z.boolean(),
  name: z.nullish(z.string()),
  image: z.nullish(z.string()),
  createdAt: z.nullish(z.string()),
  twoFactorEnabled: z.nullish(z.boolean()),
  isAnonymous: z.nullish(z.boolean()),
})
export type BetterAuthUser = z.infer<typeof user>

/** `POST /sign-in/email`, `/sign-up/email`: a session token and the user, or the two-factor step. */
export const signIn = z.union([
  z.object({ twoFactorRedirect: z.literal(true), twoFactorMethods: z.optional(z.array(z.string())) }),
  z.object({ token: z.nullable(z.string()), user }),
])

/**
 * `POST /two-factor/verify-totp`, `/two-factor/verify-backup-code`, `/passkey/verify-authentication`, …:
 * the user of the session whose token came in `set-auth-token`.
 */
export const verified = z.object({ user })

/** `GET /get-session`: the session and its user, or `null` when the token is not (or no longer) valid. */
export const getSession = z.nullable(
  z.object({
    // `token`: the session token (unsigned; the bearer plugin accepts it unless `requireSignature`)
    session: z.object({ expiresAt: z.string(), token: z.optional(z.string()) }),
    user,
  }),
)
