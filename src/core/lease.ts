import type { Transact } from './handoff.js'
import type { LockManagerLike } from './lock.js'

// The cross-tab lock where the runtime has no Web Locks (see `handoff.ts`): a lease in the handoff's
// IndexedDB store, taken and released in readwrite transactions (which IndexedDB runs one at a time),
// with a fencing number, so a tab whose lease ran out while it was frozen learns that before it
// writes anything. Loaded only by runtimes without `navigator.locks`.

/** The lease lock of one client. */
export interface Leases {
  /** A lock manager on IndexedDB leases. */
  locks: LockManagerLike
  /** Whether this tab still holds the named lease (no other tab took it over after it ran out). */
  holds(lockName: string): Promise<boolean>
  /** Releases the leases this tab holds. */
  close(): void
}

interface Lease {
  owner: string
  until: number
  fence: number
}

/** How often a lease's holder renews it (a third of the lease at most). */
const RENEW_MS = 1000

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * The leases of the client called `name`, in the handoff's store. A lease is short (`leaseMs`) and
 * renewed while its holder runs, and released on `pagehide`, so it cannot outlive its tab by more
 * than `leaseMs`.
 */
export function createLeases(transact: Transact, name: string, leaseMs: number): Leases {
  const leaseKey = (lockName: string) => `${name}:lease:${lockName}`
  const held = new Map<string, { owner: string; fence: number; renewal: ReturnType<typeof setInterval> }>()

  /** Takes the lease when it is free or ran out: the fence it was given, or `null`. */
  const tryAcquire = (key: string, owner: string) =>
    transact<number>('readwrite', (store, done) => {
      const read = store.get(key)
      read.onsuccess = () => {
        const lease = read.result as Lease | undefined
        if (lease && lease.until > Date.now()) return
        const fence = (lease?.fence ?? 0) + 1
        store.put({ owner, until: Date.now() + leaseMs, fence } satisfies Lease, key)
        done(fence)
      }
    })

  /** Extends the lease while its owner still holds it: whether it does. */
  const renew = (key: string, owner: string) =>
    transact<boolean>('readwrite', (store, done) => {
      const read = store.get(key)
      read.onsuccess = () => {
        const lease = read.result as Lease | undefined
        if (lease?.owner !== owner) return done(false)
        store.put({ ...lease, until: Date.now() + leaseMs } satisfies Lease, key)
        done(true)
      }
    })

  const release = (key: string, owner: string) =>
    transact<void>('readwrite', (store) => {
      const read = store.get(key)
      read.onsuccess = () => {
        if ((read.result as Lease | undefined)?.owner === owner) store.delete(key)
      }
    })

  const locks: LockManagerLike = {
    async request<T>(lockName: string, options: { signal?: AbortSignal }, callback: () => Promise<T>): Promise<T> {
      const key = leaseKey(lockName)
      const owner = `${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}`
      let fence: number | undefined
      while (fence === undefined) {
        if (options.signal?.aborted) throw new DOMException('Lock request aborted', 'AbortError')
        fence = await tryAcquire(key, owner)
        // polled, with jitter so that waiting tabs do not move in step
        if (fence === undefined) await sleep(8 + Math.random() * 16)
      }
      // renewed while the callback runs; a renewal that finds the lease taken over stops (fenced)
      const renewal = setInterval(() => {
        renew(key, owner).then(
          (still) => still || clearInterval(renewal),
          () => clearInterval(renewal),
        )
      }, Math.min(RENEW_MS, leaseMs / 3))
      held.set(lockName, { owner, fence, renewal })
      try {
        return await callback()
      } finally {
        clearInterval(renewal)
        held.delete(lockName)
        await release(key, owner).catch(() => {})
      }
    },
  }

  // A tab that goes away (closed, reloaded, navigated, or into the back-forward cache) mid-refresh gives
  // its leases up at once; if it comes back, its refresh finds itself fenced out and takes storage.
  const onPageHide = () => {
    for (const [lockName, { owner, renewal }] of held) {
      clearInterval(renewal)
      void release(leaseKey(lockName), owner).catch(() => {})
    }
  }
  if (typeof addEventListener === 'function') addEventListener('pagehide', onPageHide)

  return {
    locks,
    async holds(lockName) {
      const mine = held.get(lockName)
      if (!mine) return false
      const lease = await transact<Lease>('readonly', (store, done) => {
        const read = store.get(leaseKey(lockName))
        read.onsuccess = () => done(read.result as Lease)
      })
      return lease?.owner === mine.owner && lease.fence === mine.fence
    },
    close() {
      onPageHide()
      held.clear()
      if (typeof removeEventListener === 'function') removeEventListener('pagehide', onPageHide)
    },
  }
}
