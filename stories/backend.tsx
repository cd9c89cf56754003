import type { Decorator } from '@storybook/react-vite'
import { type ReactNode, useEffect, useState } from 'react'
import { AuthProvider, type AuthBackend, type AuthClient } from 'keyward'
import type { ReferenceBackend, ReferenceBackendOptions } from 'keyward/testing'
import { testBackend } from '../test/support/backend.tsx'

export const DEMO_USER = { email: 'ada@example.com', password: 'correct horse battery', displayName: 'Ada' }

/** A story whose user is signed in. */
export const signedIn: AuthStory = {
  setup: async ({ server, client }) => {
    await server.admin.createUser(DEMO_USER)
    await client.signInWithPassword(DEMO_USER)
  },
}

export interface AuthStory {
  /** Reference backend options for this story. */
  server?: ReferenceBackendOptions
  /** Prepares the server and the client before the story renders (create users, sign in, …). */
  setup?: (env: { server: ReferenceBackend; client: AuthClient }) => Promise<void>
  /** Adjusts the backend (a stub that lists sessions, a capability switched off). */
  backend?: (backend: AuthBackend) => AuthBackend
}

/**
 * Every story runs against its own in-browser reference backend, injected as the client's fetch:
 * real password hashing, tokens, TOTP and WebAuthn verification, no network.
 */
function WithReferenceBackend({ story, children }: { story: AuthStory; children: ReactNode }) {
  const [client, setClient] = useState<AuthClient | null>(null)
  useEffect(() => {
    // the tests' own wiring; no contract checker in the browser (the Vitest suites check the contract)
    const { server, client: authClient } = testBackend({
      contract: false,
      url: `${window.location.origin}/auth`,
      clientUrl: window.location.origin,
      clock: 'real',
      passwordHashIterations: 10_000,
      ...story.server,
      ...(story.backend ? { backend: story.backend } : {}),
      client: { name: `story-${Math.random()}` },
    })
    const stop = authClient.start()
    let active = true
    ;(async () => {
      await authClient.ready()
      await story.setup?.({ server, client: authClient })
      if (active) setClient(authClient)
    })().catch((error: unknown) => console.error('story setup failed', error))
    return () => {
      active = false
      stop()
    }
  }, [story])
  if (!client) return <p>Starting the reference backend…</p>
  return <AuthProvider client={client}>{children}</AuthProvider>
}

export const withAuth: Decorator = (Story, context) => (
  <WithReferenceBackend story={(context.parameters.auth as AuthStory | undefined) ?? {}}>
    <Story />
  </WithReferenceBackend>
)
