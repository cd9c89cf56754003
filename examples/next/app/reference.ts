import { createReferenceBackend, type ReferenceBackend } from 'keyward/testing'

// The reference backend: an in-memory Nhost Auth server, for development and tests only, answering
// /auth/v1/* (app/auth/v1/[...path]/route.ts) in this process. With your Nhost, delete this file and the
// route, and point the adapters at it (providers.tsx, auth.ts).
const globalForBackend = globalThis as { keywardReference?: ReferenceBackend }

export const reference = (): ReferenceBackend =>
  (globalForBackend.keywardReference ??= createReferenceBackend({
    basePath: '/auth/v1',
    exposeOutbox: true,
    // seconds an access token lives (hasura-auth's AUTH_ACCESS_TOKEN_EXPIRES_IN); default 900
    ...(process.env.KEYWARD_REFERENCE_ACCESS_TTL ? { accessTokenTtl: Number(process.env.KEYWARD_REFERENCE_ACCESS_TTL) } : {}),
  }))
