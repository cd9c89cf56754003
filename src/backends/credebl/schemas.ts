import * as v from 'valibot'


// Reply shapes of CREDEBL's auth routes (the `{ statusCode, message, data }` envelope), only the fields
// keyward reads; unknown fields are dropped.

const token = v.pipe(v.string(), v.minLength(1))

/** Keycloak's token response as CREDEBL passes it on (sign-in adds `sessionId`; a refresh has none). */
const tokens = v.object({
  access_token: token,
  // JSON's 1e999 parses to Infinity: a lifetime must be a finite number
  expires_in: v.optional(v.pipe(v.number(), v.finite())),
  refresh_token: token,
  sessionId: v.optional(v.string()),
})

export const signIn = v.object({ data: tokens })
export const refreshed = v.object({ data: tokens })

/**
 * `GET /auth/:userId/sessions`: `clientInfo` is JSONB — the gateway's JSON in a string for a sign-in,
 * an object (`{ clientToken: true }`) for a client's token, or null: any of them, read where it is read.
 */
export const sessions = v.object({
  data: v.array(
    v.object({
      id: v.string(),
      expiresAt: v.nullish(v.string()),
      createdAt: v.nullish(v.string()),
      clientInfo: v.optional(v.unknown()),
    }),
  ),
})
