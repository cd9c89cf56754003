import { createAuthClient, type AuthClientOptions } from '../src/index.ts'
import { nhost } from '../src/backends/nhost/index.ts'
import { createReferenceBackend, type ReferenceBackendOptions } from '../src/testing/index.ts'

export const AUTH_URL = 'http://auth.test/v1'

/** A reference backend and the nhost backend pointed at it, wired through the handler (no sockets). */
export function setup(options: ReferenceBackendOptions = {}) {
  const server = createReferenceBackend({ basePath: '/v1', passwordHashIterations: 1000, ...options })
  const backend = nhost({ url: AUTH_URL })
  const makeClient = (clientOptions: Partial<AuthClientOptions> = {}) =>
    createAuthClient({ backend, fetch: server.fetch, sync: false, locks: null, ...clientOptions })
  return { server, backend, makeClient }
}

export const alice = { email: 'alice@example.com', password: 'correct horse battery' }

export async function postJson(server: { fetch: typeof fetch }, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await server.fetch(`${AUTH_URL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  return {
    status: response.status,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reply bodies are probed freely in tests
    body: (await response.json().catch(() => null)) as Record<string, any>,
  }
}
