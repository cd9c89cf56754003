import { createRemoteJWKSet, customFetch, type JWTPayload, jwtVerify } from 'jose'
import * as v from 'valibot'
import { AuthError, AuthErrorCode } from '../kit/index.js'
import type { User } from '../kit/index.js'
import { checked } from '../kit/index.js'

// The OpenID Connect adapter's checks, loaded with its first request: the discovery document and
// token replies, and the ID token's verification (jose: signature against the provider's
// JWKS, `iss`, `aud`, `exp`, and the sign-in's `nonce`).

const url = v.pipe(v.string(), v.url())
const discovery = v.object({
  issuer: v.string(),
  authorization_endpoint: url,
  token_endpoint: url,
  jwks_uri: url,
  userinfo_endpoint: v.optional(url),
  revocation_endpoint: v.optional(url),
  end_session_endpoint: v.optional(url),
  prompt_values_supported: v.optional(v.array(v.string())),
})
export type Discovery = v.InferOutput<typeof discovery>

/** The discovery document, whose `issuer` must be the one configured (OpenID Connect Discovery §4.3). */
export const discoverySchema = (issuer: string) =>
  checked(
    v.pipe(
      discovery,
      v.forward(
        v.check((d) => d.issuer.replace(/\/$/, '') === issuer, 'issuer'),
        ['issuer'],
      ),
    ),
  )

const tokenReply = v.object({
  access_token: v.pipe(v.string(), v.minLength(1)),
  token_type: v.optional(v.string()),
  // JSON's 1e999 parses to Infinity: a lifetime must be a finite number
  expires_in: v.optional(v.pipe(v.number(), v.finite())),
  refresh_token: v.optional(v.string()),
  id_token: v.optional(v.string()),
})
export type TokenReply = v.InferOutput<typeof tokenReply>
export const tokenSchema = checked(tokenReply)

const claims = v.looseObject({ sub: v.pipe(v.string(), v.minLength(1)) })
export const claimsSchema = checked(claims)

/** The user an ID token's or userinfo's claims describe; `raw` is the claims as sent. */
export function userFromClaims(claims: Record<string, unknown> & { sub: string }): User {
  const text = (name: string) => (typeof claims[name] === 'string' ? (claims[name] as string) : null)
  return {
    id: claims.sub,
    email: text('email'),
    emailVerified: claims.email_verified === true,
    phoneNumber: text('phone_number'),
    displayName: text('name') ?? text('nickname') ?? text('preferred_username') ?? '',
    avatarUrl: text('picture') ?? '',
    isAnonymous: false,
    activeMfaType: null,
    createdAt: null,
    metadata: {},
    raw: claims,
  }
}

// one key set per JWKS URL and page: jose caches the keys and refetches on an unknown `kid`
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>()

/**
 * Verifies a JWT the provider signed: its signature against the provider's keys (JWKS), `iss`, `exp`,
 * and `aud` where one is expected; answers its claims. Throws jose's error.
 */
export async function verifyToken(token: string, expected: { issuer: string; audience?: string | undefined; jwksUri: string; fetch: typeof globalThis.fetch }): Promise<JWTPayload & { sub: string }> {
  let keys = keySets.get(expected.jwksUri)
  if (!keys) keySets.set(expected.jwksUri, (keys = createRemoteJWKSet(new URL(expected.jwksUri), { [customFetch]: expected.fetch })))
  const { payload } = await jwtVerify(token, keys, { issuer: expected.issuer, ...(expected.audience === undefined ? {} : { audience: expected.audience }), clockTolerance: 60 })
  if (typeof payload.sub !== 'string' || !payload.sub) throw new Error('no sub')
  return payload as JWTPayload & { sub: string }
}

/**
 * Verifies an ID token: its signature against the provider's keys, `iss`, `aud` (this client), `exp`,
 * and the `nonce` the sign-in sent (where one was sent). Any failure is `invalid_response`: a token
 * keyward cannot trust, never a session.
 */
export async function verifyIdToken(
  token: string,
  expected: { issuer: string; audience: string; jwksUri: string; nonce: string | null; fetch: typeof globalThis.fetch },
): Promise<JWTPayload & { sub: string }> {
  try {
    const payload = await verifyToken(token, expected)
    if (expected.nonce !== null && payload.nonce !== expected.nonce) throw new Error('nonce')
    return payload
  } catch (error) {
    throw new AuthError(AuthErrorCode.InvalidResponse, 'The ID token could not be verified', { cause: { reason: (error as { code?: string })?.code ?? (error as Error)?.message } })
  }
}
