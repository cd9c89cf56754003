import { afterEach, expect, it, vi } from 'vitest'
import { type AuthBackend, createAuthClient, memoryStorage, type Session } from '../../src/index.ts'

// A backend whose sign-out ends on its own page (OpenID Connect's end_session_endpoint) answers a
// redirectUrl: the client signs out here first, in every tab, then sends the browser there.

afterEach(() => vi.unstubAllGlobals())

const session: Session = { accessToken: 'a', accessTokenExpiresAt: null, refreshToken: null, sessionId: null, idToken: 'id', user: { id: 'u', email: null, emailVerified: false, phoneNumber: null, displayName: '', avatarUrl: '', isAnonymous: false, activeMfaType: null, createdAt: null, metadata: {}, raw: {} } }

it('signs out locally, then goes to the provider’s sign-out page; without one it stays', async () => {
  const assign = vi.fn()
  vi.stubGlobal('location', { assign, href: 'http://localhost:3000/', origin: 'http://localhost:3000' })
  let redirectUrl: string | undefined = 'https://accounts.example/session/end?id_token_hint=id'
  const backend: AuthBackend = { id: 'stub', traits: { transport: 'bearer' }, session: { signOut: async () => (redirectUrl ? { redirectUrl } : undefined) } }
  const client = createAuthClient({ backend, storage: memoryStorage(), sync: false, locks: null, initialSession: session })
  client.start()
  await client.ready()
  assign.mockImplementation(() => expect(client.getSnapshot().status).toBe('signedOut'))
  await client.signOut()
  expect(assign).toHaveBeenCalledExactlyOnceWith('https://accounts.example/session/end?id_token_hint=id')

  redirectUrl = undefined
  await client.adoptSession(session)
  await client.signOut()
  expect(assign).toHaveBeenCalledOnce()
})
