import { act, renderHook } from '@testing-library/react'
import { TOTP, Secret } from 'otpauth'
import type { ReactNode } from 'react'
import { expect } from 'vitest'

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
