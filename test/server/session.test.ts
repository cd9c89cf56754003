// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { cookieStorage, parseStoredSession, type Session } from '../../src/index.ts'
import { getSession, redirectIfSignedOut, requireSession, SESSION_COOKIE, type SessionCheck } from '../../src/server/index.ts'

// The server's reading of keyward's cookie, and the browser's writing of it (cookieStorage), as one format.

const user = { id: 'user-1', email: 'ada@example.com', emailVerified: true, phoneNumber: null, displayName: 'Ada', avatarUrl: '', isAnonymous: false, activeMfaType: null, createdAt: null, metadata: {}, raw: {} }
const session = (extra: Partial<Session> = {}): Session => ({ accessToken: 'header.payload.signature', accessTokenExpiresAt: Date.now() + 60_000, refreshToken: 'the-refresh-token', sessionId: null, idToken: null, user, ...extra })
/** A check that trusts what the cookie holds, and counts how often it is asked. */
function trusting() {
  const asked: Array<Session | null> = []
  const verify: SessionCheck = async ({ session }) => {
    asked.push(session)
    return session
  }
  return { verify, asked }
}
const clearCookies = () => {
  for (const part of document.cookie.split('; ')) if (part) document.cookie = `${part.split('=')[0]}=; Path=/; Max-Age=0`
}
afterEach(clearCookies)

describe('cookieStorage(): the session in a cookie the server reads', () => {
  it('writes one cookie for a short session and splits a long one, which the server joins; a shorter write and a removal leave no stale part', async () => {
    const storage = cookieStorage()
    const short = JSON.stringify(session())
    storage.set(short)
    expect(document.cookie).toContain(`${SESSION_COOKIE}=`)
    expect(storage.get()).toBe(short)

    const long = JSON.stringify(session({ user: { ...user, metadata: { bio: 'é'.repeat(3000) } } }))
    storage.set(long)
    expect(document.cookie).not.toMatch(new RegExp(`(^|; )${SESSION_COOKIE}=`))
    expect(document.cookie).toContain(`${SESSION_COOKIE}.1=`)
    expect(storage.get()).toBe(long)
    const { verify } = trusting()
    const read = await getSession(new Request('https://app.example/', { headers: { cookie: document.cookie } }), { verify })
    expect(read?.user?.metadata).toEqual({ bio: 'é'.repeat(3000) })

    storage.set(short)
    expect(document.cookie).not.toContain(`${SESSION_COOKIE}.0=`)
    expect(storage.get()).toBe(short)
    storage.remove()
    expect(document.cookie).toBe('')
    expect(storage.get()).toBeNull()
  })
})

describe('getSession', () => {
  it('hands the page a marker, never the refresh token, and asks each check once per request', async () => {
    const { verify, asked } = trusting()
    const request = new Request('https://app.example/', { headers: { cookie: `${SESSION_COOKIE}=${encodeURIComponent(JSON.stringify(session()))}` } })
    const [first, second] = await Promise.all([getSession(request, { verify }), getSession(request, { verify })])
    expect(first).toBe(second)
    expect(asked).toHaveLength(1)
    expect(first?.refreshToken).toMatch(/^route:[0-9a-f]{24}$/)
    expect(JSON.stringify(first)).not.toContain('the-refresh-token')
    // from a request's headers (Next.js server components: `await headers()`)
    expect((await getSession(new Headers({ cookie: `${SESSION_COOKIE}=${encodeURIComponent(JSON.stringify(session()))}` }), { verify }))?.user?.id).toBe('user-1')
  })

  it('reads nothing from a garbled cookie', async () => {
    const { verify, asked } = trusting()
    for (const value of ['%E0%A4%A', 'not json', encodeURIComponent('{"accessToken":42}')]) {
      expect(await getSession(new Request('https://app.example/', { headers: { cookie: `${SESSION_COOKIE}=${value}` } }), { verify })).toBeNull()
    }
    expect(asked).toEqual([null, null, null])
    expect(parseStoredSession('{"accessToken":42}')).toBeNull()
  })
})

describe('protected routes', () => {
  const signedOut: SessionCheck = async () => null
  it('requireSession throws a 303 to the sign-in page with where the user was going; redirectIfSignedOut answers it or null', async () => {
    const request = new Request('https://app.example/account?tab=devices')
    const thrown = await requireSession(request, { verify: signedOut, signIn: '/sign-in' }).catch((error: unknown) => error)
    expect(thrown).toBeInstanceOf(Response)
    expect((thrown as Response).status).toBe(303)
    expect((thrown as Response).headers.get('location')).toBe('https://app.example/sign-in?redirectTo=%2Faccount%3Ftab%3Ddevices')
    expect((await redirectIfSignedOut(request, { verify: signedOut, signIn: '/sign-in' }))?.status).toBe(303)
    const { verify } = trusting()
    const signedIn = new Request('https://app.example/account', { headers: { cookie: `${SESSION_COOKIE}=${encodeURIComponent(JSON.stringify(session()))}` } })
    expect(await redirectIfSignedOut(signedIn, { verify, signIn: '/sign-in' })).toBeNull()
    expect((await requireSession(signedIn, { verify, signIn: '/sign-in' })).user?.id).toBe('user-1')
  })

  it('refuses a sign-in page on another site', async () => {
    await expect(requireSession(new Request('https://app.example/account'), { verify: signedOut, signIn: 'https://evil.example/' })).rejects.toThrow(TypeError)
    await expect(requireSession(new Request('https://app.example/account'), { verify: signedOut, signIn: '//evil.example/x' })).rejects.toThrow(TypeError)
  })
})
