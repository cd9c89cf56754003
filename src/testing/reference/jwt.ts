import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose'

export const HASURA_CLAIMS = 'https://hasura.io/jwt/claims'

export interface AccessTokenSubject {
  userId: string
  defaultRole: string
  roles: readonly string[]
  isAnonymous: boolean
}

/** Signs RS256 access tokens shaped like hasura-auth's and publishes the public key as a JWKS. */
export async function createSigner(issuer: string) {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true })
  const kid = crypto.randomUUID()
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }

  return {
    jwks: () => ({ keys: [jwk] }),

    sign(subject: AccessTokenSubject, nowMs: number, ttlSeconds: number, extra: Record<string, string> = {}): Promise<string> {
      const iat = Math.floor(nowMs / 1000)
      return new SignJWT({
        [HASURA_CLAIMS]: {
          'x-hasura-user-id': subject.userId,
          'x-hasura-default-role': subject.defaultRole,
          'x-hasura-allowed-roles': [...subject.roles],
          'x-hasura-user-is-anonymous': String(subject.isAnonymous),
          ...extra,
        },
      })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setSubject(subject.userId)
        .setIssuer(issuer)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .sign(privateKey as CryptoKey)
    },

    /** The claims of a valid token, or `null` for a forged, foreign or expired one. */
    async verify(token: string, nowMs: number): Promise<JWTPayload | null> {
      try {
        const { payload } = await jwtVerify(token, publicKey as CryptoKey, {
          issuer,
          algorithms: ['RS256'],
          currentDate: new Date(nowMs),
        })
        return payload
      } catch {
        return null
      }
    },
  }
}

export type Signer = Awaited<ReturnType<typeof createSigner>>
