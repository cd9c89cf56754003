import * as z from 'zod/mini'

export { checked } from '../kit/index.js'

// Reply shapes of Replyke's auth routes (v6, observed; v7 as its client reads them), only the fields
// keyward reads; unknown fields are dropped. Loaded with the first request: zod/mini in its own chunk.

const text = z.nullish(z.string())

/** Replyke's user, as every token reply carries it (there is no current-user route in its auth module). */
export const user = z.object({
  id: z.string().check(z.minLength(1)),
  foreignId: text,
  role: text,
  email: text,
  name: text,
  username: text,
  avatar: text,
  bio: text,
  metadata: z.nullish(z.record(z.string(), z.unknown())),
  reputation: z.nullish(z.number()),
  isVerified: z.nullish(z.boolean()),
  isActive: z.nullish(z.boolean()),
  lastActive: text,
  createdAt: text,
})
export type ReplykeUser = z.infer<typeof user>

const token = z.string().check(z.minLength(1))

/** `sign-up`, `sign-in`, `verify-external-user`. */
export const tokens = z.object({ accessToken: token, refreshToken: token, user })

/**
 * `request-new-access-token`: v6 keeps the refresh token (none in the reply), v7 may send a new one.
 * `accessToken: null` (with `user: null`) where the server had no refresh token to read.
 */
export const refreshed = z.object({ accessToken: z.nullable(token), refreshToken: z.optional(token), user: z.nullable(user) })
