import { createReferenceBackend, type ReferenceBackend } from 'keyward/testing'

// The reference backend (an in-memory Nhost Auth server, for development and tests only) answers
// /auth/v1/* here. Point `nhost({ url })` in providers.tsx at your Nhost instead and delete this file.
const globalForBackend = globalThis as { keywardReference?: ReferenceBackend }
const backend = (globalForBackend.keywardReference ??= createReferenceBackend({ basePath: '/auth/v1', exposeOutbox: true }))

export const dynamic = 'force-dynamic'
const handle = (request: Request) => backend.fetch(request)
export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE }
