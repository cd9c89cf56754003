import { describe, expect, it } from 'vitest'
import { nhost } from '../../src/backends/nhost/index.ts'
import { type AuthBackend, type OperationPath, capabilitiesOf, createAuthClient, memoryStorage, type Session, withoutCapabilities } from '../../src/index.ts'
import { handleAuthRedirect, listPasskeys } from '../../src/core/index.ts'

// Contract v2 as core sees it, with small backends written here: capabilities come from the operations
// present; a `redirect` sign-in step keeps its state for the way back and only there; a cookie
// session is restored with one request. (Real adapters are tested against their servers.)

const user = { id: 'u1', email: 'sam@example.com', emailVerified: true, phoneNumber: null, displayName: 'Sam', avatarUrl: '', isAnonymous: false, activeMfaType: null, createdAt: null, metadata: {}, raw: {} }
const session = (accessToken: string): Session => ({ accessToken, accessTokenExpiresAt: null, refreshToken: null, sessionId: null, idToken: null, user })

describe('capabilities', () => {
  it('are derived from the operations a backend has: nhost lists no passkeys, and listing them is refused as unsupported', async () => {
    const backend = nhost({ url: 'http://auth.test/v1' })
    expect(capabilitiesOf(backend)).toMatchObject({ passwordSignIn: true, signUp: true, refresh: true, passkeys: true, passkeyManagement: false, sessions: false, backupCodes: false })
    const client = createAuthClient({ backend, storage: memoryStorage(), initialSession: session('a.b.c') })
    // before contract v2 the lazy Proxy answered every property: a TypeError came out here
    await expect(listPasskeys(client)).rejects.toMatchObject({ name: 'AuthError', code: 'unsupported' })
  })

  it('are turned off by removing operations, so forms and hooks agree', async () => {
    const backend = withoutCapabilities(nhost({ url: 'http://auth.test/v1' }), ['signUp', 'magicLink'])
    expect(capabilitiesOf(backend)).toMatchObject({ signUp: false, magicLink: false, emailOtp: true, passwordSignIn: true })
    const client = createAuthClient({ backend, storage: memoryStorage(), fetch: () => Promise.reject(new Error('no request expected')) })
    await expect(client.signUp({ email: 'sam@example.com', password: 'long enough password' })).rejects.toMatchObject({ code: 'unsupported' })
  })

  it('a backend with no password sign-in refuses it as unsupported before any request', async () => {
    const backend: AuthBackend = { id: 'redirect-only', traits: { transport: 'bearer' }, session: { signOut: async () => {} } }
    expect(capabilitiesOf(backend)).toMatchObject({ passwordSignIn: false, signUp: false, redirectSignIn: false })
    const client = createAuthClient({ backend })
    await expect(client.signInWithPassword({ email: 'sam@example.com', password: 'long enough password' })).rejects.toMatchObject({ code: 'unsupported' })
  })
})

/** A backend whose sign-in ends on the server's page and comes back with `?code&state`. */
function redirectBackend() {
  const finished: Array<{ code: string; verifier: string | undefined }> = []
  const backend: AuthBackend = {
    id: 'oidc-like',
    traits: { transport: 'bearer' },
    session: { signOut: async () => {} },
    signIn: {
      withPassword: async () => ({
        kind: 'redirect',
        url: 'https://idp.test/authorize?state=s-1',
        state: { state: 's-1', verifier: 'pkce-verifier' },
      }),
    },
    redirect: {
      parse(url) {
        const code = url.searchParams.get('code')
        return code ? { kind: 'code', code, state: url.searchParams.get('state'), purpose: 'sign-in', params: ['code', 'state'] } : null
      },
      async finish(result, state) {
        if (result.kind !== 'code') throw new Error('unexpected')
        finished.push({ code: result.code, verifier: state?.verifier })
        return session(`token-for-${result.code}`)
      },
    },
  }
  return { backend, finished }
}

describe('the redirect sign-in step', () => {
  it('keeps the PKCE state for the way back, finishes with it once, and refuses a state it did not start', async () => {
    const { backend, finished } = redirectBackend()
    const client = createAuthClient({ backend, storage: memoryStorage(), name: `redirect-${crypto.randomUUID()}` })
    client.start()
    await client.ready()
    const step = await client.signInWithPassword({ email: 'sam@example.com', password: 'long enough password' })
    expect(step).toMatchObject({ kind: 'redirect', url: 'https://idp.test/authorize?state=s-1' })

    await expect(handleAuthRedirect(client, 'http://app.test/cb?code=stolen&state=s-other')).rejects.toMatchObject({ code: 'invalid-ticket' })
    const back = await handleAuthRedirect(client, 'http://app.test/cb?code=c-1&state=s-1')
    expect(back).toMatchObject({ kind: 'signedIn', purpose: 'sign-in', session: { accessToken: 'token-for-c-1' } })
    expect(finished).toEqual([{ code: 'c-1', verifier: 'pkce-verifier' }])
    expect(client.getSnapshot().status).toBe('signedIn')
    // the state was spent: the same callback in another load of the page is refused
    const again = createAuthClient({ backend, storage: memoryStorage(), name: client.name })
    await expect(handleAuthRedirect(again, 'http://app.test/cb?code=c-1&state=s-1')).rejects.toMatchObject({ code: 'invalid-ticket' })
    expect(finished).toHaveLength(1)
  })
})

describe('cookie sessions', () => {
  it('are restored with one request when nothing is in storage, and a signed-out answer is signed out', async () => {
    let calls = 0
    let holder: Session | null = { ...session('a'), accessToken: null }
    const backend: AuthBackend = {
      id: 'cookie',
      traits: { transport: 'cookie' },
      session: {
        signOut: async () => {},
        restore: async () => {
          calls += 1
          return holder
        },
      },
    }
    const client = createAuthClient({ backend, storage: memoryStorage() })
    client.start()
    expect((await client.ready()).status).toBe('signedIn')
    expect(client.getSnapshot().user).toMatchObject({ email: 'sam@example.com' })
    expect(calls).toBe(1)

    holder = null
    const other = createAuthClient({ backend, storage: memoryStorage() })
    other.start()
    expect((await other.ready()).status).toBe('signedOut')
  })
})

describe('stored sessions from before contract v2', () => {
  it('are read with refreshTokenId as sessionId, and users without raw get an empty one', async () => {
    const stored = { accessToken: 'a.b.c', accessTokenExpiresAt: null, refreshToken: null, refreshTokenId: 'rt-1', user: { ...user, raw: undefined } }
    const storage = memoryStorage()
    storage.set(JSON.stringify(stored))
    const backend: AuthBackend = { id: 'old', traits: { transport: 'bearer' }, session: { signOut: async () => {} } }
    const client = createAuthClient({ backend, storage })
    client.start()
    const snapshot = await client.ready()
    expect(snapshot.session).toMatchObject({ sessionId: 'rt-1', idToken: null })
    expect(snapshot.user?.raw).toEqual({})
  })
})

describe('operation paths', () => {
  // The assertion here is the type check (`npm test` runs `tsc`): each `@ts-expect-error` fails it
  // the day the misspelt path compiles.
  it('are checked by the compiler: a capability cannot stand for an operation the contract lacks', () => {
    const paths: OperationPath[] = ['mfa.setupTotp', 'signIn.withPassword', 'devices.list', 'session.refresh']
    // @ts-expect-error a misspelt operation does not compile
    paths.push('mfa.setupTOTP')
    // @ts-expect-error nor does an operation under the wrong group
    paths.push('session.withPassword')
    expect(paths).toHaveLength(6)
  })
})
