import { describe, expect, it } from 'vitest'
import { memoryStorage } from '../../src/index.ts'
import { alice, AUTH_URL, testBackend } from '../support/backend.tsx'

// client.fetch rejects only with AuthError, by one rule (see its doc comment); any HTTP status resolves.
/** A client signed in through the reference backend whose own requests then go to `fetch`. */
async function signedIn(fetch: typeof globalThis.fetch) {
  const env = testBackend({ clock: 'real' })
  await env.server.admin.createUser(alice)
  const result = await env.makeClient().signInWithPassword(alice)
  if (result.kind !== 'session') throw new Error('expected a session')
  const client = env.makeClient({ storage: memoryStorage(), fetch })
  await client.ready()
  await client.adoptSession(result.session)
  return client
}

describe('client.fetch', () => {
  it('turns a dropped connection into network_error, keeping the original as cause', async () => {
    const dropped = new TypeError('fetch failed')
    const client = await signedIn(async () => {
      throw dropped
    })
    await expect(client.fetch(`${AUTH_URL}/user`)).rejects.toMatchObject({ name: 'AuthError', code: 'network_error', cause: dropped })
  })

  it('turns an abort into aborted', async () => {
    const client = await signedIn(async (_input, init) => {
      init?.signal?.throwIfAborted()
      throw new DOMException('aborted', 'AbortError')
    })
    await expect(client.fetch(`${AUTH_URL}/user`, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'aborted' })
  })

  it.for([
    ['undefined', undefined],
    ['null', null],
    ['an object', {}],
    ['a string', 'OK'],
    ['a number', 200],
  ] as const)('turns a fetch that resolves to %s into invalid_response', async ([, value]) => {
    const client = await signedIn(async () => value as unknown as Response)
    await expect(client.fetch(`${AUTH_URL}/user`)).rejects.toMatchObject({ name: 'AuthError', code: 'invalid_response' })
  })

  it('refuses headers it cannot build as invalid_input, before any request', async () => {
    let sent = 0
    const client = await signedIn(async () => {
      sent++
      return new Response('{}')
    })
    await expect(client.fetch(`${AUTH_URL}/user`, { headers: [['only-a-name']] as unknown as HeadersInit })).rejects.toMatchObject({ code: 'invalid_input' })
    expect(sent).toBe(0)
  })

  it('resolves any HTTP status', async () => {
    const client = await signedIn(async () => new Response('no', { status: 503 }))
    expect((await client.fetch(`${AUTH_URL}/user`)).status).toBe(503)
  })
})
