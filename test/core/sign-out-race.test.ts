import { afterEach, describe, expect, it, vi } from 'vitest'
import { type AuthBackend, createAuthClient, type Session, type SyncChannel, type SyncMessage, type TokenStorage, type User } from '../../src/index.ts'

// A sign-out that arrives while a tab is still storing a session (the confirmation of a restored token,
// a refresh, another tab's news) wins: the tab ends signed out, and storage stays empty. Found in CI,
// on Medusa's JWT mode in Chromium: tab 2 confirmed its restored token with the server (the token stays
// valid after a sign-out: Medusa cannot revoke it), tab 1 signed out meanwhile, tab 2 stayed signed in.

const stops: Array<() => void> = []
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
})

const user: User = { id: 'u1', email: 'ada@example.com', emailVerified: true, phoneNumber: null, displayName: 'Ada', avatarUrl: '', isAnonymous: false, activeMfaType: null, createdAt: null, metadata: {}, raw: {} }
const stored: Session = { accessToken: 'token-a', accessTokenExpiresAt: Date.now() + 3_600_000, refreshToken: null, sessionId: null, idToken: null, user }

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((yes, no) => {
    resolve = yes
    reject = no
  })
  return { promise, resolve, reject }
}

/** One storage the tabs share, whose writes can be held mid-way (a slow encrypted or IndexedDB storage). */
function sharedStorage() {
  let value: string | null = JSON.stringify(stored)
  let hold: Promise<void> | null = null
  const storage: TokenStorage = {
    shared: true,
    get: () => value,
    async set(next) {
      value = next
      if (hold) await hold
    },
    remove() {
      value = null
    },
  }
  return { storage, value: () => value, holdWrites: (until: Promise<void>) => (hold = until) }
}

/** A server call that answers when the test says: each call's answer, in order. */
function heldAnswers<T>() {
  const answers: Array<ReturnType<typeof deferred<T>>> = []
  const call = () => {
    const answer = deferred<T>()
    answers.push(answer)
    return answer.promise
  }
  return { answers, call }
}

/** The tabs' broadcast, delivered in order, one task later (as BroadcastChannel does). */
function bus() {
  const listeners = new Set<(message: SyncMessage) => void>()
  const channel = (): SyncChannel => {
    const mine = new Set<(message: SyncMessage) => void>()
    return {
      post: (message) => {
        for (const listener of listeners) if (!mine.has(listener)) setTimeout(() => listener(structuredClone(message)))
      },
      subscribe(listener) {
        mine.add(listener)
        listeners.add(listener)
        return () => {
          mine.delete(listener)
          listeners.delete(listener)
        }
      },
      close() {},
    }
  }
  return channel
}

/** A token-only backend (Medusa's JWT mode): `getUser` confirms a token, and answers when the test says. */
function tokenOnly() {
  const { answers, call } = heldAnswers<User>()
  const backend: AuthBackend = {
    id: 'token-only',
    traits: { transport: 'bearer' },
    signIn: {
      async withPassword() {
        return { kind: 'session', session: stored }
      },
    },
    session: { getUser: call, async signOut() {} },
  }
  return { backend, answers }
}

async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r))
}

describe('a sign-out from another tab while this tab stores its session', () => {
  it('wins: the tab ends signed out, and nothing is written back', async () => {
    const shared = sharedStorage()
    const channel = bus()
    const { backend, answers } = tokenOnly()
    const tab1 = createAuthClient({ backend, storage: shared.storage, sync: channel() })
    const tab2 = createAuthClient({ backend, storage: shared.storage, sync: channel() })
    stops.push(tab1.start(), tab2.start())
    await Promise.all([tab1.ready(), tab2.ready()])
    expect([tab1.getSnapshot().status, tab2.getSnapshot().status]).toEqual(['signedIn', 'signedIn'])

    // each tab confirms its restored token with the server; tab 2 hears back, and starts storing the user
    await vi.waitFor(() => expect(answers).toHaveLength(2))
    answers[0]!.resolve(user)
    await settle()
    const write = deferred<void>()
    shared.holdWrites(write.promise)
    answers[1]!.resolve({ ...user, displayName: 'Ada L.' })
    await settle()

    // tab 1 signs out while tab 2's write is under way
    await tab1.signOut()
    await settle()
    write.resolve()
    await settle()

    expect(tab1.getSnapshot().status).toBe('signedOut')
    expect(tab2.getSnapshot().status).toBe('signedOut')
    expect(shared.value()).toBeNull()
  })
})

describe('a refresh answered after the sign-out', () => {
  /** A backend with refresh tokens whose refresh answers when the test says. */
  function refreshing() {
    const { answers, call } = heldAnswers<Session>()
    const backend: AuthBackend = {
      id: 'refreshing',
      traits: { transport: 'bearer' },
      signIn: {
        async withPassword() {
          return { kind: 'session', session: { ...stored, refreshToken: 'refresh-a' } }
        },
      },
      session: {
        refresh: call,
        async signOut(session) {
          revoked.push(session.refreshToken)
        },
      },
    }
    const revoked: Array<string | null> = []
    return { backend, answers, revoked }
  }

  for (const failure of [false, true]) {
    it(failure ? 'failing on the network keeps nothing' : 'succeeding brings nothing back, here or in the other tab, and its token is the one revoked', async () => {
      const shared = sharedStorage()
      shared.storage.remove()
      const channel = bus()
      const { backend, answers, revoked } = refreshing()
      const tab1 = createAuthClient({ backend, storage: shared.storage, sync: channel() })
      const tab2 = createAuthClient({ backend, storage: shared.storage, sync: channel() })
      stops.push(tab1.start(), tab2.start())
      await Promise.all([tab1.ready(), tab2.ready()])
      await tab1.signInWithPassword({ email: 'ada@example.com', password: 'x' })
      await vi.waitFor(() => expect(tab2.getSnapshot().status).toBe('signedIn'))

      const refreshed = tab1.refresh().catch(() => null)
      await vi.waitFor(() => expect(answers).toHaveLength(1))
      // the sign-out waits for the refresh in flight, then revokes whatever it left
      const signedOut = tab1.signOut()
      await settle()
      expect(revoked).toEqual([])
      if (failure) answers[0]!.reject(new TypeError('Failed to fetch'))
      else answers[0]!.resolve({ ...stored, accessToken: 'token-b', refreshToken: 'refresh-b' })
      await refreshed
      await signedOut
      await settle()
      expect(revoked).toEqual([failure ? 'refresh-a' : 'refresh-b'])

      expect(tab1.getSnapshot().status).toBe('signedOut')
      expect(tab2.getSnapshot().status).toBe('signedOut')
      expect(shared.value()).toBeNull()
    })
  }
})
