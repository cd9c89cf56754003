// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { setupServer } from 'msw/node'
import { afterEach, describe, expect, it } from 'vitest'
import { createAuthClient, memoryStorage, useSession } from '../../src/index.ts'
import { verifyTotp } from '../../src/core/index.ts'
import { nhost } from '../../src/backends/nhost/index.ts'
import { SignIn } from '../../src/forms/index.ts'
import { createReferenceBackend, emailedLink, mountedFetch, signedInSession, totpCode } from '../../src/testing/index.ts'
import { referenceHandlers } from '../../src/testing/msw.ts'
import { renderWithAuth } from '../../src/testing/react.tsx'

afterEach(cleanup)

function Whoami() {
  const session = useSession()
  return <p>{session.status === 'signedIn' ? `signed in as ${session.user?.email}` : session.status}</p>
}

// keyward/testing for an app's own tests: what an app's test file does with it
describe('renderWithAuth', () => {
  it('renders signed out by default, and the drop-in form signs a seeded user in against the reference backend', async () => {
    const server = createReferenceBackend({ basePath: '/auth/v1', passwordHashIterations: 1000 })
    await server.admin.createUser({ email: 'ada@example.com', password: 'correct horse battery' })
    const { client } = await renderWithAuth(
      <>
        <Whoami />
        <SignIn />
      </>,
      { backend: server },
    )
    await screen.findByText('signedOut')
    const user = userEvent.setup()
    await user.type(screen.getByLabelText(/email/i), 'ada@example.com')
    await user.type(screen.getByLabelText(/^password/i), 'correct horse battery')
    await user.click(screen.getByRole('button', { name: /^sign in$/i }))
    await screen.findByText('signed in as ada@example.com')
    expect(client.getSnapshot().status).toBe('signedIn')
    expect(server.count('/signin/email-password', 'POST')).toBe(1)
  })

  it('starts signed in as `user`, with no signed-out render on the way', async () => {
    const seen: string[] = []
    function Record() {
      seen.push(useSession().status)
      return null
    }
    await renderWithAuth(
      <>
        <Record />
        <Whoami />
      </>,
      { user: { email: 'grace@example.com', displayName: 'Grace' } },
    )
    expect(screen.getByText('signed in as grace@example.com')).toBeTruthy()
    expect(seen).not.toContain('signedOut')
    expect(seen[0]).toBe('signedIn')
  })
})

describe('MSW handlers and fixtures', () => {
  it('answer the app’s own fetches below its auth URL with the reference backend: sign-up, the e-mailed link, TOTP', async () => {
    const server = createReferenceBackend({ basePath: '/auth/v1', requireEmailVerification: true, clientUrl: 'http://localhost:3000', passwordHashIterations: 1000 })
    const msw = setupServer(...referenceHandlers(server, 'http://localhost:3000/auth/v1'))
    msw.listen({ onUnhandledRequest: 'error' })
    try {
      const client = createAuthClient({
        backend: nhost({ url: 'http://localhost:3000/auth/v1' }),
        storage: memoryStorage(),
        allowedRedirects: ['http://localhost:3000'],
      })
      expect(await client.signUp({ email: 'lin@example.com', password: 'correct horse battery' })).toMatchObject({ kind: 'verify-email' })
      // the user opens the e-mailed link: the server verifies and sends the browser back to the app
      const opened = await fetch(emailedLink(server, 'lin@example.com', 'email-verification'), { redirect: 'manual' })
      expect(opened.status).toBe(302)
      expect(server.admin.getUser('lin@example.com')).toMatchObject({ emailVerified: true })

      const secret = server.admin.enableTotp('lin@example.com')
      const first = await client.signInWithPassword({ email: 'lin@example.com', password: 'correct horse battery' })
      expect(first.kind).toBe('mfa')
      const stop = client.start()
      try {
        const session = await verifyTotp(client, { ...(first.kind === 'mfa' ? { ticket: first.ticket } : {}), code: totpCode(secret) })
        expect(session.user?.email).toBe('lin@example.com')
      } finally {
        stop()
      }
    } finally {
      msw.close()
    }
  })

  it('signedInSession gives a session the server accepts', async () => {
    const server = createReferenceBackend({ passwordHashIterations: 1000 })
    const session = await signedInSession(server, 'kim@example.com')
    expect(session.user?.email).toBe('kim@example.com')
    const client = createAuthClient({ backend: nhost({ url: 'http://localhost/auth/v1' }), storage: memoryStorage(), initialSession: session, fetch: mountedFetch(server) })
    const stop = client.start()
    try {
      expect(await client.refresh()).toMatchObject({ user: { email: 'kim@example.com' } })
      expect(server.refreshStats.rotations).toBe(1)
    } finally {
      stop()
    }
  })
})
