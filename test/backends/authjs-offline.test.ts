// @vitest-environment jsdom
import { waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { authJs } from '../../src/backends/authjs/index.ts'
import { createAuthClient, memoryStorage } from '../../src/index.ts'
import { authJsUrl, browser, PASSWORD, register, uniqueEmail } from '../support/authjs.ts'

// A cookie session (Auth.js's, on the real server) whose page loads while the server cannot be
// reached: nothing in storage to show, so the page is signed out with the error — and asks again when
// the network comes back or the tab is shown, rather than leaving the user to sign in a second time.

const options = { url: `${authJsUrl}/api/auth` }

async function signedInPage() {
  const page = browser()
  const email = uniqueEmail('authjs-offline')
  await register(email)
  const client = createAuthClient({ backend: authJs(options), fetch: page.fetch, storage: memoryStorage(), sync: false, locks: null })
  await client.signInWithPassword({ email, password: PASSWORD })
  return { page, email }
}

describe('a cookie session restored while the server cannot be reached', () => {
  it('is signed out with network_error, then restored when the network is back', async () => {
    const { page, email } = await signedInPage()
    let down = true
    const client = createAuthClient({ backend: authJs(options), fetch: (input, init) => (down ? Promise.reject(new TypeError('Failed to fetch')) : page.fetch(input, init)), storage: memoryStorage(), sync: false, locks: null })
    const stop = client.start()
    try {
      expect(await client.ready()).toMatchObject({ status: 'signedOut', error: { code: 'network_error' } })
      // woken while still offline: still signed out, and asked again at the next wake
      window.dispatchEvent(new Event('focus'))
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(client.getSnapshot().status).toBe('signedOut')
      down = false
      window.dispatchEvent(new Event('online'))
      await waitFor(() => expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } }))
    } finally {
      stop()
    }
  })

  it('a refusal is final: a forged cookie is not asked about again', async () => {
    const page = browser()
    page.jar.set('authjs.session-token', 'not-a-jwe')
    let asked = 0
    const client = createAuthClient({ backend: authJs(options), fetch: (input, init) => (asked++, page.fetch(input, init)), storage: memoryStorage(), sync: false, locks: null })
    const stop = client.start()
    try {
      expect((await client.ready()).status).toBe('signedOut')
      const after = asked
      window.dispatchEvent(new Event('online'))
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(asked).toBe(after)
    } finally {
      stop()
    }
  })

  it('a sign-in while it was unreached wins over the late answer', async () => {
    const { page, email } = await signedInPage()
    let down = true
    const client = createAuthClient({ backend: authJs(options), fetch: (input, init) => (down ? Promise.reject(new TypeError('Failed to fetch')) : page.fetch(input, init)), storage: memoryStorage(), sync: false, locks: null })
    const stop = client.start()
    try {
      await client.ready()
      down = false
      await client.signInWithPassword({ email, password: PASSWORD })
      window.dispatchEvent(new Event('online'))
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
    } finally {
      stop()
    }
  })
})
