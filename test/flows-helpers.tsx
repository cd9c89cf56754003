import { act, renderHook } from '@testing-library/react'
import { TOTP, Secret } from 'otpauth'
import type { ReactNode } from 'react'
import { afterEach, beforeAll, expect } from 'vitest'
import { AuthProvider, type AuthClient } from '../src/index.ts'
import { nhost } from '../src/backends/nhost/index.ts'
import { createAuthClient } from '../src/index.ts'
import { createFrozenClock, createReferenceBackend, type ReferenceBackendOptions } from '../src/testing/index.ts'
import { nhostContract } from './backends/nhost-contract.ts'
import { AUTH_URL } from './helpers.ts'

// The page jsdom serves: the app's origin, its redirect allowlist and the passkey origin.
export const APP = 'http://localhost:3000'

let contract: Awaited<ReturnType<typeof nhostContract>>

/** Every test using `flowSetup` checks that what went over the wire matches the OpenAPI document. */
export function checkContract() {
  beforeAll(async () => {
    contract = await nhostContract()
  })
  afterEach(() => {
    expect(contract.violations).toEqual([])
    contract.violations.length = 0
  })
  return () => contract.seen
}

export function flowSetup(options: ReferenceBackendOptions = {}) {
  const clock = createFrozenClock()
  const server = createReferenceBackend({ basePath: '/v1', passwordHashIterations: 1000, clientUrl: APP, clock, ...options })
  const fetch = contract ? contract.wrap(server.fetch) : server.fetch
  const client: AuthClient = createAuthClient({ backend: nhost({ url: AUTH_URL }), fetch, sync: false, locks: null })
  const wrapper = ({ children }: { children: ReactNode }) => <AuthProvider client={client}>{children}</AuthProvider>
  // the test's own requests (following e-mailed links) go through the contract checker too
  return { server: { ...server, fetch }, client, clock, wrapper }
}

/** Renders a hook under an AuthProvider. */
export function renderAuth<T>(hook: () => T, wrapper: (props: { children: ReactNode }) => ReactNode) {
  return renderHook(hook, { wrapper })
}

/** Lets TanStack Query deliver its batched notifications (scheduled on a timer) to the hooks. */
const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))

/** Runs a mutation inside act() and returns its result (or throws its AuthError). */
export async function run<T>(action: () => Promise<T>): Promise<T> {
  let result: T | undefined
  await act(async () => {
    result = await action()
  })
  await settle()
  return result as T
}

/**
 * Starts a long-running action (a ceremony waiting for the user) without holding an act() scope
 * open; `settled()` awaits its result inside act later.
 */
export function start<T>(action: () => Promise<T>) {
  let promise!: Promise<T>
  act(() => {
    promise = action()
  })
  promise.catch(() => {})
  return {
    settled: async () => {
      let result: T | undefined
      await act(async () => {
        result = await promise
      })
      await settle()
      return result as T
    },
  }
}

/** Expects `action` to reject with an AuthError of `code`. */
export async function rejects(action: () => Promise<unknown>, code: string) {
  let caught: unknown
  await act(async () => {
    try {
      await action()
    } catch (error) {
      caught = error
    }
  })
  await settle()
  expect(caught).toMatchObject({ name: 'AuthError', code })
}

/** The current TOTP code for a base32 secret at the server's time. */
export const totpCode = (secret: string, at: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at })

/** Follows an e-mailed /verify link the way the browser would, returning where it lands. */
export async function follow(server: { fetch: typeof fetch }, link: string): Promise<string> {
  const response = await server.fetch(link, { redirect: 'manual' })
  expect(response.status).toBe(302)
  return response.headers.get('location')!
}
