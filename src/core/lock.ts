/** The part of the Web Locks API keyward uses; `navigator.locks` satisfies it. */
export interface LockManagerLike {
  request<T>(name: string, options: { signal?: AbortSignal }, callback: () => Promise<T>): Promise<T>
}

function defaultLocks(): LockManagerLike | undefined {
  if (typeof navigator === 'undefined') return undefined
  return (navigator as { locks?: LockManagerLike }).locks
}

/**
 * Runs `task` holding the named cross-tab lock. If the lock cannot be taken within `timeoutMs`
 * (a tab froze while holding it) the task runs anyway: a stuck lock must never hang the app, and the
 * refresh code re-reads storage afterwards, so a race costs at most one extra refresh.
 */
export async function withLock<T>(
  locks: LockManagerLike | null | undefined,
  name: string,
  timeoutMs: number,
  task: () => Promise<T>,
): Promise<T> {
  const manager = locks === undefined ? defaultLocks() : locks
  if (!manager) return task()
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  let started = false
  try {
    return await manager.request(name, { signal: controller.signal }, () => {
      started = true
      clearTimeout(timer)
      return task()
    })
  } catch (error) {
    if (started) throw error
    return task()
  } finally {
    clearTimeout(timer)
  }
}
