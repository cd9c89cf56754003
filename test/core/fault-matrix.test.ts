// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { memoryStorage, type AuthClient } from '../../src/index.ts'
import { memoryLocks } from '../../src/testing/index.ts'
import { alice, testBackend } from '../support/backend.tsx'
import { expectWholeWrites, TOKEN_FAULTS, timeoutFor } from '../support/faults.ts'

// Each fault a /token reply can have, met by one of two tabs sharing storage, locks and a channel:
// whether the session is kept or ended, whether it recovers by itself, that storage only ever holds
// a whole session (or nothing), and that both tabs end on the same session.

const stops: Array<() => void> = []
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
})

async function twoTabs(name: string, timeout: number | undefined) {
  const env = testBackend({ clock: 'real', contract: false })
  await env.server.admin.createUser(alice)
  const storage = memoryStorage() // the origin's localStorage
  const writes: Array<string | null> = []
  const watched = {
    get: () => storage.get(),
    set: (value: string) => {
      writes.push(value)
      return storage.set(value)
    },
    remove: () => {
      writes.push(null)
      return storage.remove()
    },
  }
  // signed in beforehand (default timeout): the tabs restore the stored session without a request
  const first = env.makeClient({ storage: watched })
  await first.ready()
  await first.signInWithPassword(alice)
  const locks = memoryLocks()
  const tabs = [0, 1].map(() => env.makeClient({ storage: watched, locks, sync: true, name, ...(timeout ? { timeout } : {}) })) as [AuthClient, AuthClient]
  for (const tab of tabs) stops.push(tab.start())
  await Promise.all(tabs.map((tab) => tab.ready()))
  for (const tab of tabs) expect(tab.getSnapshot().status).toBe('signedIn')
  return { ...env, tabs, storage, writes }
}

describe('faults on /token, met by one of two tabs', () => {
  it.for(TOKEN_FAULTS)('%s: the session is %s', async ([label, outcome, fault], { task }) => {
    const { server, tabs, storage, writes } = await twoTabs(`faults-${task.id}`, timeoutFor(fault))
    const [a, b] = tabs
    const before = a.getSnapshot().session!
    server.inject({ path: '/token', fault })
    await expect(a.refresh(), label).rejects.toMatchObject({ name: 'AuthError' })

    if (outcome === 'ended') {
      await vi.waitFor(() => expect(b.getSnapshot().status).toBe('signedOut'))
      expect(a.getSnapshot()).toMatchObject({ status: 'signedOut', error: { code: 'invalid-refresh-token' } })
      expect(storage.get()).toBeNull()
      expectWholeWrites(writes, alice.email)
      return
    }

    // kept: nothing changed, in either tab or in storage, and the error is there to see
    expect(a.getSnapshot()).toMatchObject({ status: 'signedIn', session: before })
    expect(a.getSnapshot().error).not.toBeNull()
    expect(b.getSnapshot().session?.refreshToken).toBe(before.refreshToken)
    expect(JSON.parse(String(storage.get())).refreshToken).toBe(before.refreshToken)
    // a slow reply lands after the client gave up: the server rotates then
    if (fault.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms + 200))

    // recovers by itself: the backoff timer (1 s) retries, and both tabs take the new session
    await vi.waitFor(
      () => {
        expect(a.getSnapshot().session?.refreshToken).not.toBe(before.refreshToken)
        expect(a.getSnapshot().error).toBeNull()
        expect(b.getSnapshot().session?.refreshToken).toBe(a.getSnapshot().session?.refreshToken)
      },
      // the backoff's first retry comes after 1 s; a slow reply's retry after the reply has landed
      { timeout: 10_000, interval: 50 },
    )
    expect(a.getSnapshot().status).toBe('signedIn')
    expect(JSON.parse(String(storage.get())).refreshToken).toBe(a.getSnapshot().session?.refreshToken)
    expect(server.admin.activeRefreshTokens(alice.email)).toBe(1)
    expectWholeWrites(writes, alice.email)
  })
})
