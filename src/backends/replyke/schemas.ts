import * as v from 'valibot'


// Reply shapes of Replyke's auth routes (v6, observed; v7 as its client reads them), only the fields
// keyward reads; unknown fields are dropped.

const text = v.nullish(v.string())

/** Replyke's user, as every token reply carries it (there is no current-user route in its auth module). */
export const user = v.object({
  id: v.pipe(v.string(), v.minLength(1)),
  foreignId: text,
  role: text,
  email: text,
  name: text,
  username: text,
  avatar: text,
  bio: text,
  metadata: v.nullish(v.record(v.string(), v.unknown())),
  reputation: v.nullish(v.pipe(v.number(), v.finite())),
  isVerified: v.nullish(v.boolean()),
  isActive: v.nullish(v.boolean()),
  lastActive: text,
  createdAt: text,
})
export type ReplykeUser = v.InferOutput<typeof user>

const token = v.pipe(v.string(), v.minLength(1))

/** `sign-up`, `sign-in`, `verify-external-user`. */
export const tokens = v.object({ accessToken: token, refreshToken: token, user })

/**
 * `request-new-access-token`: v6 keeps the refresh token (none in the reply), v7 may send a new one.
 * `accessToken: null` (with `user: null`) where the server had no refresh token to read.
 */
export const refreshed = v.object({ accessToken: v.nullable(token), refreshToken: v.optional(token), user: v.nullable(user) })
