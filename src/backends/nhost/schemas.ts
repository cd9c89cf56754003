import * as z from 'zod/mini'

export { checked } from '../kit/index.js'

// Response shapes from the Nhost Auth OpenAPI spec (components/schemas). Only the fields keyward
// reads are checked; unknown fields are dropped, so a server adding a field breaks nothing. zod/mini,
// the one validation library: loaded with the first request (and shared with other adapters' schemas).

export const nhostUser = z.object({
  id: z.string(),
  email: z.optional(z.string()),
  emailVerified: z.boolean(),
  phoneNumber: z.optional(z.string()),
  displayName: z.string(),
  avatarUrl: z.string(),
  locale: z.string(),
  defaultRole: z.string(),
  roles: z.array(z.string()),
  isAnonymous: z.boolean(),
  // any JSON object; checked in toUser
  metadata: z.unknown(),
  createdAt: z.string(),
  activeMfaType: z.optional(z.nullable(z.string())),
})

// a session is a usable token and a finite, positive lifetime: anything else is a broken reply
export const nhostSession = z.object({
  accessToken: z.string().check(z.minLength(1)),
  // zod's numbers are finite; the bound keeps `now + lifetime` a date (a 1e306-second lifetime is Infinity)
  accessTokenExpiresIn: z.number().check(z.minimum(1), z.maximum(1e12)),
  refreshToken: z.string().check(z.minLength(1)),
  refreshTokenId: z.string(),
  user: z.optional(nhostUser),
})

/** `SessionPayload`: sign-up has no session while the e-mail must be verified first. */
export const sessionPayload = z.object({ session: z.optional(z.nullable(nhostSession)) })

/** `SignInEmailPasswordResponse`: a session, or an MFA challenge. */
export const signInResponse = z.object({
  session: z.optional(z.nullable(nhostSession)),
  mfa: z.optional(z.nullable(z.object({ ticket: z.string() }))),
})

export type NhostUser = z.infer<typeof nhostUser>
export type NhostSession = z.infer<typeof nhostSession>
