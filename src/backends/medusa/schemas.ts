import * as v from 'valibot'


// Reply shapes of Medusa 1.20's store API (`/store/auth`, `/store/customers`), only the fields keyward
// reads; unknown fields are dropped.

export const customer = v.object({
  id: v.pipe(v.string(), v.minLength(1)),
  email: v.string(),
  first_name: v.nullish(v.string()),
  last_name: v.nullish(v.string()),
  phone: v.nullish(v.string()),
  has_account: v.boolean(),
  metadata: v.nullish(v.record(v.string(), v.unknown())),
  created_at: v.nullish(v.string()),
})
export type MedusaCustomer = v.InferOutput<typeof customer>

/** `POST /store/auth`, `GET /store/auth`, `POST /store/customers`, `POST /store/customers/me`, `POST …/password-reset`. */
export const customerReply = v.object({ customer })

/** `POST /store/auth/token`: a JWT (30 days, no refresh token). */
export const tokenReply = v.object({ access_token: v.pipe(v.string(), v.minLength(1)) })

/** `GET /store/auth/{email}`. */
export const exists = v.object({ exists: v.boolean() })
