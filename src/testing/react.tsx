import { QueryClient } from '@tanstack/react-query'
import { render, type RenderOptions, type RenderResult } from '@testing-library/react'
import type { ReactElement } from 'react'
import { nhost } from '../backends/nhost/index.js'
import { createAuthClient, type AuthClient } from '../core/client.js'
import { memoryStorage } from '../core/storage.js'
import { AuthProvider } from '../react/AuthProvider.js'
import { FIXTURE_AUTH_URL, type FixtureUser, mountedFetch, signedInSession } from './fixtures.js'
import { createReferenceBackend, type ReferenceBackend } from './reference/server.js'

export interface RenderWithAuthOptions extends Omit<RenderOptions, 'queries'> {
  /** Start signed in as this user (created on the backend when missing). Signed out when absent. */
  user?: FixtureUser | string
  /**
   * The reference backend the app talks to. Default: a fresh one (fast password hashing), so each
   * test starts with no users. Pass one to seed users, read its outbox or inject faults.
   */
  backend?: ReferenceBackend
  /**
   * The auth URL the app's requests go to; they are answered by `backend` in memory (no network, no
   * MSW needed). Default `http://localhost/auth/v1`.
   */
  url?: string
}

export interface RenderWithAuthResult extends RenderResult {
  /** The client behind the `<AuthProvider>`: `client.getSnapshot()`, `client.signOut()`. */
  client: AuthClient
  /** The reference backend: `server.outbox`, `server.lastMessage(email)`, `server.admin`, `server.inject(…)`. */
  server: ReferenceBackend
}

/**
 * Testing Library's `render`, inside an `<AuthProvider>` wired to an in-memory reference backend
 * (the Nhost Auth contract, real tokens and passwords), signed in as `user` when given.
 *
 * @example
 * const { findByText } = await renderWithAuth(<Account />, { user: 'ada@example.com' })
 * expect(await findByText('ada@example.com')).toBeVisible()
 */
export async function renderWithAuth(ui: ReactElement, options: RenderWithAuthOptions = {}): Promise<RenderWithAuthResult> {
  const { user, backend, url = FIXTURE_AUTH_URL, ...renderOptions } = options
  const base = new URL(url)
  const server = backend ?? createReferenceBackend({ basePath: base.pathname, clientUrl: base.origin, passwordHashIterations: 1000 })
  const client = createAuthClient({
    backend: nhost({ url: base.href.replace(/\/$/, '') }),
    fetch: mountedFetch(server, base.href),
    storage: memoryStorage(),
    // the forms' e-mailed links return to the page (jsdom's location) or to the auth URL's origin
    allowedRedirects: [base.origin, ...(typeof location === 'undefined' ? [] : [location.origin])],
  })
  if (user) await client.adoptSession(await signedInSession(server, user, base.href))
  // one QueryClient per render, retries off: a failing query fails the test at once
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  const result = render(
    <AuthProvider client={client} queryClient={queryClient}>
      {ui}
    </AuthProvider>,
    renderOptions,
  )
  return { ...result, client, server }
}
