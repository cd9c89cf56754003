import { expect, it } from 'vitest'
import { lazyGroup, loadOnce } from '../../src/backends/kit/index.ts'

// How adapters load code on demand: a chunk that fails to load (offline, a redeploy) must be a typed
// error the forms can show, and must not stick — the next attempt, back online, loads it.

it('turns a failed load into network_error and tries again on the next call, then loads once', async () => {
  let attempts = 0
  const load = loadOnce(async () => {
    attempts += 1
    if (attempts === 1) throw new TypeError('Failed to fetch dynamically imported module')
    return { flows: true }
  }, 'the flows')
  await expect(load()).rejects.toMatchObject({ name: 'AuthError', code: 'network_error', message: 'Could not load the flows' })
  expect(await load()).toEqual({ flows: true })
  expect(await load()).toEqual({ flows: true })
  expect(attempts).toBe(2)
})

it('lists operations that forward to the loaded group, loading on first call', async () => {
  let loads = 0
  const flows = loadOnce(async () => {
    loads += 1
    return { sessions: { list: async (n: number) => [n], revoke: async () => 'revoked' } }
  }, 'the flows')
  const sessions = lazyGroup(() => flows().then((loaded) => loaded.sessions), ['list', 'revoke'])
  // a name the loaded group does not have does not compile
  // @ts-expect-error 'remove' is not an operation of the group
  lazyGroup(() => flows().then((loaded) => loaded.sessions), ['remove'])
  expect(Object.keys(sessions)).toEqual(['list', 'revoke'])
  expect(loads).toBe(0)
  expect(await sessions.list(7)).toEqual([7])
  expect(await sessions.revoke()).toBe('revoked')
  expect(loads).toBe(1)
})
