import * as v from 'valibot'


// Response shapes from the Nhost Auth OpenAPI spec (components/schemas). Only the fields keyward
// reads are checked; unknown fields are dropped, so a server adding a field breaks nothing.

export const nhostUser = v.object({
  id: v.string(),
  email: v.optional(v.string()),
  emailVerified: v.boolean(),
  phoneNumber: v.optional(v.string()),
  displayName: v.string(),
  avatarUrl: v.string(),
  locale: v.string(),
  defaultRole: v.string(),
  roles: v.array(v.string()),
  isAnonymous: v.boolean(),
  // any JSON object; checked in toUser
  metadata: v.unknown(),
  createdAt: v.string(),
  activeMfaType: v.optional(v.nullable(v.string())),
})

// a session is a usable token and a finite, positive lifetime: anything else is a broken reply
export const nhostSession = v.object({
  accessToken: v.pipe(v.string(), v.minLength(1)),
  // the bound keeps `now + lifetime` a date (a 1e306-second lifetime is Infinity)
  accessTokenExpiresIn: v.pipe(v.number(), v.minValue(1), v.maxValue(1e12)),
  refreshToken: v.pipe(v.string(), v.minLength(1)),
  refreshTokenId: v.string(),
  user: v.optional(nhostUser),
})

/** `SessionPayload`: sign-up has no session while the e-mail must be verified first. */
export const sessionPayload = v.object({ session: v.optional(v.nullable(nhostSession)) })

/** `SignInEmailPasswordResponse`: a session, or an MFA challenge. */
export const signInResponse = v.object({
  session: v.optional(v.nullable(nhostSession)),
  mfa: v.optional(v.nullable(v.object({ ticket: v.string() }))),
})

export type NhostUser = v.InferOutput<typeof nhostUser>
export type NhostSession = v.InferOutput<typeof nhostSession>
