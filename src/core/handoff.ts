import type { Leases } from './lease.js'
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
 * Where the runtime has no Web Locks, IndexedDB also provides the lock (`lease.ts`, loaded then): a
 * lease (taken and released in readwrite transactions, which IndexedDB runs one at a time) with a
 * fencing number, so a tab whose lease ran out while it was frozen learns that before it writes
 * anything. The lease cannot outlive its tab: it is short (`LEASE_MS`) and renewed every second while
 * its holder runs, and released on `pagehide` — so a tab closed or reloaded mid-refresh costs the
 * others at most a few seconds, well inside a server's reuse interval, instead of the whole lock
 * timeout.
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
  /**
   * The lock on IndexedDB leases, for runtimes without `navigator.locks` (loaded on first use: every
   * current browser has Web Locks); `null` when it cannot be loaded (that refresh runs unlocked, the
   * next one loads it again).
   */
  leases(): Promise<Leases | null>
  /** When a refresh token (by fingerprint) was first sent and got no usable answer, in any tab; `undefined`: never. */
  unanswered(fingerprint: string): Promise<number | undefined>
  /** Records that the token was sent at `at` without a usable answer (the first such time is kept). */
  markUnanswered(fingerprint: string, at: number): Promise<void>
  /** Releases the leases this tab holds and closes the database connection. */
  close(): void
}

/** How long a lease lasts unless renewed (see `lease.ts`). */
export const LEASE_MS = 4000

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

/** One transaction on the handoff's store; `body` reports its result through `done` from inside request callbacks. */
export type Transact = <T>(mode: IDBTransactionMode, body: (store: IDBObjectStore, done: (value: T) => void) => void) => Promise<T | undefined>

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
  const transact: Transact = <T>(mode: IDBTransactionMode, body: (store: IDBObjectStore, done: (value: T) => void) => void): Promise<T | undefined> => {
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
  let leases: Promise<Leases | null> | null = null

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
    // a chunk that cannot be loaded (offline, a new deployment) leaves this refresh unlocked, as
    // where there is no IndexedDB; the next one asks again (a browser that keeps the failed import in
    // its module map, as Chromium 150 does, loads it on the next page load)
    leases: () =>
      (leases ??= import('./lease.js').then(
        ({ createLeases }) => createLeases(transact, name, leaseMs),
        () => ((leases = null), null),
      )),
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
      void leases?.then((loaded) => loaded?.close())
      leases = null
      db.close()
    },
  }
}
