import * as z from 'zod/mini'

// Response shapes from the Nhost Auth OpenAPI spec (components/schemas). Only the fields keyward
// reads are checked; unknown fields are dropped, so a server adding a field breaks nothing.

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
  metadata: z.nullable(z.record(z.string(), z.unknown())),
  createdAt: z.string(),
  activeMfaType: z.optional(z.nullable(z.string())),
})

export const nhostSession = z.object({
  accessToken: z.string(),
  accessTokenExpiresIn: z.number(),
  refreshToken: z.string(),
  refreshTokenId: z.string(),
  user: z.optional(nhostUser),
})

/** `SessionPayload`: sign-up answers `{ session: null }` when the e-mail must be verified first. */
export const sessionPayload = z.object({ session: z.optional(z.nullable(nhostSession)) })

/** `SignInEmailPasswordResponse`: a session, or an MFA challenge. */
export const signInResponse = z.object({
  session: z.optional(z.nullable(nhostSession)),
  mfa: z.optional(z.nullable(z.object({ ticket: z.string() }))),
})

export const errorBody = z.object({
  status: z.optional(z.number()),
  message: z.optional(z.string()),
  error: z.string(),
})

export type NhostUser = z.infer<typeof nhostUser>
export type NhostSession = z.infer<typeof nhostSession>
