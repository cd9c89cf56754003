import * as z from 'zod/mini'

export { checked } from '../kit/index.js'

// Reply shapes of CREDEBL's auth routes (the `{ statusCode, message, data }` envelope), only the fields
// keyward reads; unknown fields are dropped. Loaded with the first request: zod/mini in its own chunk.

const token = z.string().check(z.minLength(1))

/** Keycloak's token response as CREDEBL passes it on (sign-in adds `sessionId`; a refresh has none). */
const tokens = z.object({
  access_token: token,
  expires_in: z.optional(z.number()),
  refresh_token: token,
  sessionId: z.optional(z.string()),
})

export const signIn = z.object({ data: tokens })
export const refreshed = z.object({ data: tokens })

/**
 * `GET /auth/:userId/sessions`: `clientInfo` is JSONB — the gateway's JSON in a string for a sign-in,
 * an object (`{ clientToken: true }`) for a client's token, or null: any of them, read where it is read.
 */
export const sessions = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      expiresAt: z.nullish(z.string()),
      createdAt: z.nullish(z.string()),
      clientInfo: z.optional(z.unknown()),
    }),
  ),
})
