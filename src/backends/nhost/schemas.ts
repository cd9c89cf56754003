import * as v from 'valibot'
import type { ResponseSchema } from '../../core/http.js'

// Response shapes from the Nhost Auth OpenAPI spec (components/schemas). Only the fields keyward
// reads are checked; unknown fields are dropped, so a server adding a field breaks nothing.
// Valibot rather than zod: the same checks cost 1.7 kB gzip instead of 6 kB (see `npm run bench`).

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
  // any JSON object; checked in toUser (v.record would cost its weight in every app's bundle)
  metadata: v.unknown(),
  createdAt: v.string(),
  activeMfaType: v.optional(v.nullable(v.string())),
})

// a session is a usable token and a finite, positive lifetime: anything else is a broken reply
export const nhostSession = v.object({
  accessToken: v.pipe(v.string(), v.nonEmpty()),
  accessTokenExpiresIn: v.pipe(v.number(), v.finite(), v.minValue(1)),
  refreshToken: v.pipe(v.string(), v.nonEmpty()),
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

/** Adapts a Valibot schema to the core's `ResponseSchema`. */
export function checked<S extends v.GenericSchema>(schema: S): ResponseSchema<v.InferOutput<S>> {
  return (value) => {
    const result = v.safeParse(schema, value)
    if (result.success) return { ok: true, value: result.output }
    // places and kinds only: Valibot's issues also hold the values found, tokens included
    const issues = result.issues.map((issue) => ({
      path: (issue.path ?? []).map((item) => String(item.key)).join('.'),
      expected: issue.expected ?? issue.type,
    }))
    return { ok: false, issues }
  }
}
