import * as z from 'zod/mini'

export { checked } from '../kit/index.js'

// Reply shapes of Medusa 1.20's store API (`/store/auth`, `/store/customers`), only the fields keyward
// reads; unknown fields are dropped. Loaded with the first request: zod/mini in its own chunk.

export const customer = z.object({
  id: z.string().check(z.minLength(1)),
  email: z.string(),
  first_name: z.nullish(z.string()),
  last_name: z.nullish(z.string()),
  phone: z.nullish(z.string()),
  has_account: z.boolean(),
  metadata: z.nullish(z.record(z.string(), z.unknown())),
  created_at: z.nullish(z.string()),
})
export type MedusaCustomer = z.infer<typeof customer>

/** `POST /store/auth`, `GET /store/auth`, `POST /store/customers`, `POST /store/customers/me`, `POST …/password-reset`. */
export const customerReply = z.object({ customer })

/** `POST /store/auth/token`: a JWT (30 days, no refresh token). */
export const tokenReply = z.object({ access_token: z.string().check(z.minLength(1)) })

/** `GET /store/auth/{email}`. */
export const exists = z.object({ exists: z.boolean() })
