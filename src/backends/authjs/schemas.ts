import * as v from 'valibot'

// Reply shapes of Auth.js (@auth/core 0.41, its `/api/auth` routes), only the fields keyward reads;
// unknown fields are dropped.

/** `GET /csrf`: the token Auth.js checks against its CSRF cookie on every POST. */
export const csrf = v.object({ csrfToken: v.pipe(v.string(), v.minLength(1)) })

/**
 * Every POST sent with `X-Auth-Return-Redirect: 1` (packages/core/src/index.ts): where Auth.js would
 * have redirected, as `{ url }` — an `?error=` on it is the refusal.
 */
export const redirected = v.object({ url: v.string() })

/** The session's user: what the JWT or database session holds (`id` where the app's session callback adds it). */
export const user = v.object({
  id: v.nullish(v.string()),
  name: v.nullish(v.string()),
  email: v.nullish(v.string()),
  image: v.nullish(v.string()),
})
export type AuthJsUser = v.InferOutput<typeof user>

/** `GET /session`: the session, or `null` when the browser holds none (lib/actions/session.ts). */
export const session = v.nullable(v.object({ user, expires: v.string() }))

/** `GET /webauthn-options/:provider`: the ceremony Auth.js chose and its options (lib/utils/webauthn-utils.ts). */
export const webAuthnOptions = v.object({
  action: v.picklist(['authenticate', 'register']),
  options: v.looseObject({ challenge: v.pipe(v.string(), v.minLength(1)) }),
})
