import type { BrowserContext, Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { conformanceDriver } from '../../src/testing/conformance.ts'
import { conformanceTargets } from '../support/conformance-targets.ts'
import { useDemoInChromium } from './browser.ts'
import { referenceInbox } from './conformance.ts'

// Passkeys at the browser's boundary, in Chromium, on the demo's `/` (<AuthFlow /> as the README
// mounts it) and the reference backend: the automatic upgrade's exact call where the browser reports
// conditional create and none where it does not; the autofill request that holds around a password
// attempt. (Chromium's virtual authenticator never finishes a conditional create — it waits for a
// password manager's fill that headless Chromium has none of — so the boundary is what is asserted.)

const env = useDemoInChromium()

/** Records the page's WebAuthn calls: creations with their mediation, conditional requests pending at once. */
async function recorded(context: BrowserContext, options: { withoutCapabilities?: boolean } = {}) {
  await context.addInitScript((without: boolean) => {
    const w = window as unknown as { __creates: string[]; __pendingGets: number; __maxPendingGets: number; __gets: number }
    w.__creates = []
    w.__pendingGets = 0
    w.__maxPendingGets = 0
    w.__gets = 0
    const credentials = navigator.credentials
    const create = credentials.create.bind(credentials)
    const get = credentials.get.bind(credentials)
    credentials.create = (options?: CredentialCreationOptions) => {
      w.__creates.push(String((options as { mediation?: string } | undefined)?.mediation ?? 'required'))
      return create(options)
    }
    credentials.get = (options?: CredentialRequestOptions) => {
      if (options?.mediation !== 'conditional') return get(options)
      w.__gets += 1
      w.__pendingGets += 1
      w.__maxPendingGets = Math.max(w.__maxPendingGets, w.__pendingGets)
      return get(options).finally(() => (w.__pendingGets -= 1))
    }
    // a browser from before getClientCapabilities()
    if (without) delete (PublicKeyCredential as unknown as { getClientCapabilities?: unknown }).getClientCapabilities
  }, options.withoutCapabilities === true)
}

const target = () => ({ ...conformanceTargets.nhost, url: `${env.demo.url}/`, inbox: referenceInbox(env) })
const read = <T,>(d: { page: Page }, f: () => T): Promise<T> => d.page.evaluate(f) as Promise<T>

it('asks for a passkey with conditional create right after a password sign-in where Chromium reports it — once, no dialog, and adding one by hand still works', async () => {
  const context = await env.browser.newContext()
  try {
    await recorded(context)
    const d = await conformanceDriver(context, target(), 'upgrade')
    const cdp = await context.newCDPSession(d.page)
    await cdp.send('WebAuthn.enable')
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    })
    const email = d.email()
    await d.open()
    expect(await d.page.evaluate(async () => (await PublicKeyCredential.getClientCapabilities()).conditionalCreate)).toBe(true)
    await d.signUp(email)
    await d.signOut()
    await d.signIn(email, d.passwords[0])
    await d.signedIn()
    await expect.poll(() => read(d, () => (window as unknown as { __creates: string[] }).__creates), { timeout: 15_000 }).toEqual(['conditional'])
    // nothing on screen asked the user anything; the page works on: a passkey added by hand replaces the waiting request
    expect(await d.page.getByRole('dialog').count()).toBe(0)
    await d.open(d.target.pages!.passkeys)
    await d.page.getByRole('button', { name: 'Add a passkey' }).click()
    await d.page.getByText(/^Passkey added\./).waitFor({ timeout: 15_000 })
    expect(await read(d, () => (window as unknown as { __creates: string[] }).__creates)).toEqual(['required'])
  } finally {
    await context.close()
  }
})

it('asks nothing after a password sign-in where the browser has no getClientCapabilities(), and signs in all the same', async () => {
  const context = await env.browser.newContext()
  try {
    await recorded(context, { withoutCapabilities: true })
    const d = await conformanceDriver(context, target(), 'no-upgrade')
    const email = d.email()
    await d.open()
    await d.signUp(email)
    await d.signOut()
    await d.signIn(email, d.passwords[0])
    await d.reloadSignedIn()
    expect(await read(d, () => (window as unknown as { __creates: string[] }).__creates)).toEqual([])
  } finally {
    await context.close()
  }
})

it('keeps one autofill request on the page: ended before a password attempt, offered again after it failed', async () => {
  const context = await env.browser.newContext()
  try {
    await recorded(context)
    const d = await conformanceDriver(context, target(), 'autofill')
    const email = d.email()
    await d.open()
    await d.signUp(email)
    // a passkey used here: <SignIn /> now offers passkeys in the e-mail field's autofill by itself
    await d.open(d.target.pages!.passkeys)
    const cdp = await context.newCDPSession(d.page)
    await cdp.send('WebAuthn.enable')
    // the user touches the authenticator for the passkey they add (on a busy machine the ceremony may
    // start late: the touch is there whenever it does)
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    })
    await d.page.getByRole('button', { name: 'Add a passkey' }).click()
    await d.page.getByText(/^Passkey added\./).waitFor({ timeout: 30_000 })
    // no one touches the authenticator from here: the autofill request stays open, as a user's does
    await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: false })
    await d.open()
    await d.signOut()
    const gets = () => read<number>(d, () => (window as unknown as { __gets: number }).__gets)
    await expect.poll(gets, { timeout: 15_000 }).toBeGreaterThanOrEqual(1)
    const before = await gets()
    await d.refused(email, 'not the password at all')
    // ended before the password went out, asked again once it was refused
    await expect.poll(gets, { timeout: 15_000 }).toBeGreaterThan(before)
    expect(await read(d, () => (window as unknown as { __maxPendingGets: number }).__maxPendingGets)).toBe(1)
  } finally {
    await context.close()
  }
})
