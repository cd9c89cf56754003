import type { LockManagerLike } from '../core/lock.js'

/**
 * An in-process stand-in for `navigator.locks`, for simulating several tabs in one test (Node and
 * jsdom have no Web Locks). Share one instance between the clients that play the tabs.
 */
export function memoryLocks(): LockManagerLike & { held(name: string): boolean } {
  const queues = new Map<string, Promise<unknown>>()
  const holding = new Set<string>()
  return {
    held: (name) => holding.has(name),
    request<T>(name: string, options: { signal?: AbortSignal }, callback: () => Promise<T>): Promise<T> {
      const previous = queues.get(name) ?? Promise.resolve()
      let aborted = false
      const result = new Promise<T>((resolve, reject) => {
        options.signal?.addEventListener('abort', () => {
          aborted = true
          reject(new DOMException('Lock request aborted', 'AbortError'))
        })
        previous.then(async () => {
          if (aborted) return
          holding.add(name)
          try {
            resolve(await callback())
          } catch (error) {
            reject(error)
          } finally {
            holding.delete(name)
          }
        })
      })
      queues.set(name, result.catch(() => {}))
      return result
    },
  }
}
