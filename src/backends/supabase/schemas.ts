import * as v from 'valibot'

// Reply shapes of Supabase Auth (GoTrue, `/auth/v1`), only the fields keyward reads; unknown fields are
// dropped. The names are @supabase/auth-js's `User`, `Session` and MFA types (test/contract checks the
// stand-in's replies against those types).

const factor = v.object({ id: v.string(), factor_type: v.string(), status: v.string() })

export const user = v.object({
  id: v.pipe(v.string(), v.minLength(1)),
  email: v.nullish(v.string()),
  phone: v.nullish(v.string()),
  email_confirmed_at: v.nullish(v.string()),
  created_at: v.nullish(v.string()),
  user_metadata: v.nullish(v.record(v.string(), v.unknown())),
  is_anonymous: v.nullish(v.boolean()),
  factors: v.nullish(v.array(factor)),
})
export type SupabaseUser = v.InferOutput<typeof user>

/** `POST /token`, `/verify`, `/signup` (when signed in at once), `/factors/:id/verify`: a session. */
export const session = v.object({
  access_token: v.pipe(v.string(), v.minLength(1)),
  refresh_token: v.pipe(v.string(), v.minLength(1)),
  expires_in: v.pipe(v.number(), v.finite()),
  expires_at: v.nullish(v.pipe(v.number(), v.finite())),
  user,
})
export type SupabaseSession = v.InferOutput<typeof session>

/** `POST /signup`: a session where the address needs no confirmation, else the user alone. */
export const signUp = v.union([session, user])

/** `POST /factors`: the new TOTP factor and its secret. */
export const enrolled = v.object({ id: v.string(), totp: v.object({ secret: v.pipe(v.string(), v.minLength(1)), uri: v.string(), qr_code: v.nullish(v.string()) }) })

/** `POST /factors/:id/challenge`. */
export const challenge = v.object({ id: v.pipe(v.string(), v.minLength(1)) })

/** `POST /passkeys/{authentication,registration}/options`: the WebAuthn options and the challenge's id for the verify. */
export const passkeyOptions = v.object({
  challenge_id: v.pipe(v.string(), v.minLength(1)),
  options: v.looseObject({ challenge: v.pipe(v.string(), v.minLength(1)) }),
})

/** `POST /passkeys/registration/verify`, `GET /passkeys` (each item). */
export const passkey = v.object({ id: v.pipe(v.string(), v.minLength(1)), friendly_name: v.nullish(v.string()), created_at: v.nullish(v.string()), last_used_at: v.nullish(v.string()) })
export const passkeys = v.array(passkey)
