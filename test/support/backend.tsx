import type { ReactNode } from 'react'
import { AuthProvider, createAuthClient, type AuthBackend, type AuthClient, type AuthClientOptions, type BackendContext } from '../../src/index.ts'
import { nhost, type NhostBackend } from '../../src/backends/nhost/index.ts'
import { type Clock, createClock, createFrozenClock, createReferenceBackend, type ReferenceBackend, type ReferenceBackendOptions } from '../../src/testing/index.ts'

// The one way tests, component tests, contract tests and stories wire a backend: the reference
// backend (in-process, no sockets), the nhost adapter pointed at it, and clients, with every request
// and reply checked against the Nhost contract unless a caller opts out (stories, which run in a
// browser without the contract).

/** The auth URL the adapter is pointed at (the reference backend answers below its path). */
export const AUTH_URL = 'http://auth.test/v1'
/** The page jsdom serves: the app's origin, its redirect allowlist and the passkey origin. */
export const APP = 'http://localhost:3000'

export const alice = { email: 'alice@example.com', password: 'correct horse battery' }

/** Posts JSON straight to a backend's `fetch` and reads the reply loosely. */
export async function postJson(server: { fetch: typeof fetch }, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await server.fetch(`${AUTH_URL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  return {
    status: response.status,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reply bodies are probed freely in tests
    body: (await response.json().catch(() => null)) as Record<string, any>,
  }
}

/** What checks traffic against a backend's contract; installed by test/support/setup.ts under Vitest. */
export interface TrafficChecker {
  wrap(inner: typeof fetch): typeof fetch
  readonly violations: string[]
  readonly operations: string[]
}

let makeChecker: ((basePath: string) => TrafficChecker) | null = null
let wired: Array<{ contract: TrafficChecker; unchecked: () => number }> = []

/** Installs the contract checker every `testBackend()` uses by default. */
export function useContractChecker(factory: (basePath: string) => TrafficChecker) {
  makeChecker = factory
}

/**
 * The checked backends wired since the last call, each with how many requests its server answered
 * that did not pass the checker (a test that fetched the server around it).
 */
export function takeCheckedBackends() {
  const taken = wired
  wired = []
  return taken
}

export interface TestBackendOptions extends Omit<ReferenceBackendOptions, 'clock'> {
  /** Check every request and reply against the contract. Default true; stories pass false. */
  contract?: boolean
  /** The adapter's auth URL. Default {@link AUTH_URL}; the reference backend is mounted at its path. */
  url?: string
  /** `'frozen'` (default: time moves only when the test advances it), `'real'`, or a clock. */
  clock?: 'frozen' | 'real' | Clock
  /** Wraps the adapter (a stub that lists sessions, a capability switched off). */
  backend?: (backend: NhostBackend) => AuthBackend
  /** Defaults for every client `makeClient()` creates. */
  client?: Partial<AuthClientOptions>
}

export interface TestBackend {
  /** The reference backend; its `fetch` goes through the contract checker like the client's. */
  server: ReferenceBackend
  /** The nhost adapter (typed with its operations), or what `options.backend` made of it. */
  backend: NhostBackend
  /** The first client (created on first use): no cross-tab sync, no locks, unless asked. */
  client: AuthClient
  /** A further client on the same backend (another tab, another device). */
  makeClient(options?: Partial<AuthClientOptions>): AuthClient
  /** A context for calling the adapter directly. */
  ctx: BackendContext
  clock: ReferenceBackend['clock']
  /** The contract checker, or null when turned off. */
  contract: TrafficChecker | null
  /** Wraps children in an AuthProvider for `client`. */
  wrapper: (props: { children: ReactNode }) => ReactNode
}

export function testBackend(options: TestBackendOptions = {}): TestBackend {
  const { contract: checked = true, url = AUTH_URL, clock: clockOption = 'frozen', backend: adjust, client: clientDefaults, ...serverOptions } = options
  const basePath = new URL(url).pathname
  const clock = clockOption === 'frozen' ? createFrozenClock() : clockOption === 'real' ? createClock() : clockOption
  const reference = createReferenceBackend({ basePath, passwordHashIterations: 1000, clientUrl: APP, clock, ...serverOptions })
  let contract: TrafficChecker | null = null
  if (checked) {
    if (!makeChecker) throw new Error('testBackend(): no contract checker is installed (test/support/setup.ts); pass { contract: false } outside Vitest')
    contract = makeChecker(basePath)
  }
  let fetch = reference.fetch
  if (contract) {
    const wrapped = contract.wrap(reference.fetch)
    let passed = 0
    fetch = (input, init) => {
      passed++
      return wrapped(input, init)
    }
    wired.push({ contract, unchecked: () => Math.max(0, reference.requests.length - passed) })
  }
  // the test's own requests (following e-mailed links) go through the checker too
  const server: ReferenceBackend = { ...reference, fetch }
  // the reference server asks for 9 characters (hasura-auth's AUTH_PASSWORD_MIN_LENGTH=9)
  // the adapter told the server's reuse interval, as an app on that server would be
  const base = nhost({ url, passwordPolicy: { minLength: 9 }, refreshTokenReuseInterval: serverOptions.refreshTokenReuseInterval ?? 10 })
  const backend = (adjust ? adjust(base) : base) as NhostBackend
  const makeClient = (clientOptions: Partial<AuthClientOptions> = {}) =>
    createAuthClient({ backend, fetch, sync: false, locks: null, ...clientDefaults, ...clientOptions })
  let first: AuthClient | undefined
  const env: TestBackend = {
    server,
    backend,
    get client() {
      return (first ??= makeClient())
    },
    makeClient,
    // as a client's context: its clock is Date.now unless the client is given another
    ctx: { fetch, timeout: 5000, now: () => Date.now() },
    clock: reference.clock,
    contract,
    wrapper: ({ children }) => <AuthProvider client={env.client}>{children}</AuthProvider>,
  }
  return env
}
