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

/** A page load on `page`'s cookies whose requests fail while `network.down` (a dropped connection). */
function loadOffline(page: ReturnType<typeof browser>) {
  const network = { down: true }
  const client = createAuthClient({ backend: authJs(options), fetch: (input, init) => (network.down ? Promise.reject(new TypeError('Failed to fetch')) : page.fetch(input, init)), storage: memoryStorage(), sync: false, locks: null })
  return { client, network, stop: client.start() }
}

describe('a cookie session restored while the server cannot be reached', () => {
  it('is signed out with network_error, then restored when the network is back', async () => {
    const { page, email } = await signedInPage()
    const { client, network, stop } = loadOffline(page)
    try {
      expect(await client.ready()).toMatchObject({ status: 'signedOut', error: { code: 'network_error' } })
      // woken while still offline: still signed out, and asked again at the next wake
      window.dispatchEvent(new Event('focus'))
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(client.getSnapshot().status).toBe('signedOut')
      network.down = false
      const before = page.requests.length
      // the network back and the window focused at once: one request asks again, not two
      window.dispatchEvent(new Event('online'))
      window.dispatchEvent(new Event('focus'))
      await waitFor(() => expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } }))
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(page.requests.slice(before)).toEqual(['GET /api/auth/session'])
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
    const { client, network, stop } = loadOffline(page)
    try {
      await client.ready()
      network.down = false
      await client.signInWithPassword({ email, password: PASSWORD })
      window.dispatchEvent(new Event('online'))
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
    } finally {
      stop()
    }
  })
})
