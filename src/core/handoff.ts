import type { LockManagerLike } from './lock.js'
import type { Session } from './types.js'

/**
 * The cross-tab handoff, opened by clients whose tabs share a session.
 *
 * `localStorage` is not consistent between tabs: Chromium hands a write to the other renderer
 * processes asynchronously, so a tab that takes the refresh lock right after another tab released it
 * can still read the refresh token that tab just spent — and presenting a rotated token again revokes
 * the whole token family on a strict server. IndexedDB transactions are consistent across tabs. The
 * tab that stores a session therefore also publishes, in IndexedDB, a fingerprint of its refresh
 * token; the next tab to take the lock reads that record first and waits until its storage shows a
 * session with that fingerprint before deciding anything (`persistence.latest()`).
 *
 * The fingerprint is a 64-bit hash: IndexedDB never holds a token, nothing that leads back to one,
 * and nothing a reader of IndexedDB could not read, in full, from the session storage itself.
 *
 * Where the runtime has no Web Locks, IndexedDB also provides the lock: a lease (taken and released
 * in readwrite transactions, which IndexedDB runs one at a time) with a fencing number, so a tab whose
 * lease ran out while it was frozen learns that before it writes anything. The lease cannot outlive
 * its tab: it is short (`LEASE_MS`) and renewed every second while its holder runs, and released on
 * `pagehide` — so a tab closed or reloaded mid-refresh costs the others at most a few seconds, well
 * inside a server's reuse interval, instead of the whole lock timeout.
 *
 * It also records, across tabs, when a refresh token was last sent without an answer (a reply lost
 * or broken): the server may have rotated it, and may answer it again only for its reuse interval.
 */
export interface Handoff {
  /** The fingerprint of a refresh token (`null` for "signed out"). */
  fingerprint(refreshToken: string | null): string | null
  /**
   * Reads storage (`read`) until it shows the latest session any tab published, for at most 3 s
   * (past that, storage is ahead of the record: a tab closed between the two writes).
   */
  catchUp(read: () => Promise<Session | null>): Promise<Session | null>
  /** Records the fingerprint of the session just stored (or `null` after a sign-out). */
  publish(fingerprint: string | null): Promise<void>
  /** A lock manager on IndexedDB leases, for runtimes without `navigator.locks`. */
  locks: LockManagerLike
  /** Whether this tab still holds the named lease (no other tab took it over after it ran out). */
  holds(lockName: string): Promise<boolean>
  /** When a refresh token (by fingerprint) was first sent and got no usable answer, in any tab; `undefined`: never. */
  unanswered(fingerprint: string): Promise<number | undefined>
  /** Records that the token was sent at `at` without a usable answer (the first such time is kept). */
  markUnanswered(fingerprint: string, at: number): Promise<void>
  /** Releases the leases this tab holds and closes the database connection. */
  close(): void
}

/** How long a lease lasts unless renewed, and how often its holder renews it. */
export const LEASE_MS = 4000
const RENEW_MS = 1000

/** How long the next lock holder waits for its storage to show the session another tab published. */
const CATCH_UP_MS = 3000
const DATABASE = 'keyward'
const STORE = 'handoff'

/** Two 32-bit multiplicative hashes of the token, side by side. */
function fingerprint(token: string | null): string | null {
  if (token === null) return null
  let a = 0x811c9dc5
  let b = 0x9747b28c
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995)
    b ^= b >>> 13
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

interface Lease {
  owner: string
  until: number
  fence: number
}

/**
 * Opens the handoff for the client called `name`, or resolves `null` where IndexedDB is missing or
 * refuses (some private modes): the client then coordinates through the lock and storage alone.
 * `leaseMs` bounds how long a lease outlives a tab that stopped answering (frozen, crashed).
 */
export async function openHandoff(name: string, leaseMs = LEASE_MS): Promise<Handoff | null> {
  if (typeof indexedDB === 'undefined') return null
  let db: IDBDatabase
  try {
    db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(DATABASE, 1)
      open.onupgradeneeded = () => open.result.createObjectStore(STORE)
      open.onsuccess = () => resolve(open.result)
      open.onerror = () => reject(open.error)
      open.onblocked = () => reject(new Error('the handoff database is blocked'))
    })
  } catch {
    return null
  }
  // a newer version elsewhere (another keyward release) takes over the database
  db.onversionchange = () => db.close()

  /** One transaction; `body` reports its result through `done` from inside request callbacks. */
  function transact<T>(mode: IDBTransactionMode, body: (store: IDBObjectStore, done: (value: T) => void) => void): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode)
      let result: T | undefined
      body(tx.objectStore(STORE), (value) => {
        result = value
      })
      tx.oncomplete = () => resolve(result)
      tx.onerror = () => reject(tx.error)
      tx.onabort = () => reject(tx.error ?? new Error('the handoff transaction was aborted'))
    })
  }

  const sessionKey = `${name}:session`
  const unansweredKey = `${name}:unanswered`
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

  /** The fingerprint of the last session any tab stored, or `undefined` when none was published. */
  const latest = () =>
    transact<string | null>('readonly', (store, done) => {
      const read = store.get(sessionKey)
      read.onsuccess = () => {
        const record = read.result as { fingerprint: string | null } | undefined
        if (record) done(record.fingerprint)
      }
    })

  return {
    fingerprint,
    async catchUp(read) {
      let stored = await read()
      const expected = await latest().catch(() => undefined)
      if (expected === undefined) return stored
      const deadline = Date.now() + CATCH_UP_MS
      while (fingerprint(stored?.refreshToken ?? null) !== expected && Date.now() < deadline) {
        await sleep(4)
        stored = await read()
      }
      return stored
    },
    publish: async (value) => {
      await transact<void>('readwrite', (store) => {
        store.put({ fingerprint: value }, sessionKey)
      })
    },
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
    async unanswered(value) {
      const record = await transact<{ fingerprint: string; at: number }>('readonly', (store, done) => {
        const read = store.get(unansweredKey)
        read.onsuccess = () => done(read.result as { fingerprint: string; at: number })
      })
      return record?.fingerprint === value ? record.at : undefined
    },
    async markUnanswered(value, at) {
      await transact<void>('readwrite', (store) => {
        const read = store.get(unansweredKey)
        read.onsuccess = () => {
          if ((read.result as { fingerprint?: string } | undefined)?.fingerprint !== value) store.put({ fingerprint: value, at }, unansweredKey)
        }
      })
    },
    close() {
      onPageHide()
      held.clear()
      if (typeof removeEventListener === 'function') removeEventListener('pagehide', onPageHide)
      db.close()
    },
  }
}
