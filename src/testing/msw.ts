import { http, type HttpHandler } from 'msw'
import { mountedFetch } from './fixtures.js'
import type { ReferenceBackend } from './reference/server.js'

/**
 * MSW request handlers that answer every request below `url` with the reference backend: the Nhost
 * Auth contract with real tokens, passwords, e-mails and TOTP, in the test's memory (create it with
 * `basePath` set to the path of `url`, so that its e-mailed links point there). For apps whose
 * tests already mock their API with MSW (`setupServer(...referenceHandlers(server, url), ...yours)`).
 *
 * @example
 * const server = createReferenceBackend({ basePath: '/auth/v1', clientUrl: 'http://localhost:3000' })
 * const msw = setupServer(...referenceHandlers(server, 'http://localhost:3000/auth/v1'))
 */
export function referenceHandlers(server: ReferenceBackend, url: string): HttpHandler[] {
  const mount = new URL(url)
  const answer = mountedFetch(server, url)
  return [http.all(`${mount.origin}${mount.pathname.replace(/\/$/, '')}/*`, ({ request }) => answer(request))]
}
