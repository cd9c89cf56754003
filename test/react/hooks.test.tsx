// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { type ReactNode, StrictMode, useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import {
  AuthProvider,
  RequireAuth,
  SignedIn,
  SignedOut,
  useAuthFetch,
  useSession,
  useSignIn,
  useSignOut,
  useSignUp,
  useUser,
  type AuthClient,
} from '../../src/index.ts'
import { AUTH_URL, alice, testBackend } from '../support/backend.tsx'

afterEach(cleanup)

async function signedInEnv() {
  const env = testBackend({ clock: 'real' })
  await env.server.admin.createUser(alice)
  const client = env.makeClient()
  return { ...env, client }
}

const wrapper = (client: AuthClient) =>
  function Wrapper({ children }: { children: ReactNode }) {
    return <AuthProvider client={client}>{children}</AuthProvider>
  }

describe('useSession', () => {
  it('does not re-render a component selecting the user when only the token is refreshed', async () => {
    const { client } = await signedInEnv()
    let userRenders = 0
    let tokenRenders = 0
    function UserName() {
      userRenders += 1
      const user = useUser()
      return <p>{user?.email ?? 'nobody'}</p>
    }
    function Token() {
      tokenRenders += 1
      const token = useSession((s) => s.session?.refreshToken)
      return <p data-testid="token">{token}</p>
    }
    render(
      <AuthProvider client={client}>
        <UserName />
        <Token />
      </AuthProvider>,
    )
    await act(() => client.signInWithPassword(alice))
    await screen.findByText(alice.email)
    const [userBefore, tokenBefore] = [userRenders, tokenRenders]
    const oldToken = screen.getByTestId('token').textContent

    await act(() => client.refresh())
    await act(() => client.refresh())

    expect(screen.getByTestId('token').textContent).not.toBe(oldToken)
    expect(tokenRenders).toBe(tokenBefore + 2)
    expect(userRenders).toBe(userBefore)
  })

  it('shows neither gate while the session loads, then exactly one', async () => {
    const { client } = await signedInEnv()
    render(
      <AuthProvider client={client}>
        <SignedIn>
          <p>in</p>
        </SignedIn>
        <SignedOut>
          <p>out</p>
        </SignedOut>
        <RequireAuth fallback={<p>please sign in</p>} loading={<p>…</p>}>
          <p>secret</p>
        </RequireAuth>
      </AuthProvider>,
    )
    expect(screen.queryByText('in')).toBeNull()
    expect(screen.queryByText('out')).toBeNull()
    expect(screen.getByText('…')).toBeTruthy()
    await screen.findByText('out')
    expect(screen.getByText('please sign in')).toBeTruthy()
    await act(() => client.signInWithPassword(alice))
    expect(screen.getByText('in')).toBeTruthy()
    expect(screen.getByText('secret')).toBeTruthy()
    expect(screen.queryByText('out')).toBeNull()
  })

  it('fails loudly outside <AuthProvider>', () => {
    expect(() => renderHook(() => useSession())).toThrow('keyward hooks must be used within <AuthProvider>')
  })
})

describe('useSignIn', () => {
  it('signs in and exposes pending state', async () => {
    const { client } = await signedInEnv()
    const { result } = renderHook(() => ({ signIn: useSignIn(), status: useSession((s) => s.status) }), { wrapper: wrapper(client) })
    await waitFor(() => expect(result.current.status).toBe('signedOut'))
    let pending: Promise<unknown> | undefined
    act(() => {
      pending = result.current.signIn.signIn(alice)
    })
    await waitFor(() => expect(result.current.signIn.isPending).toBe(true))
    await act(async () => {
      await pending
    })
    await waitFor(() => expect(result.current.signIn.step).toBe('done'))
    expect(result.current.status).toBe('signedIn')
  })

  it('surfaces the MFA step and its ticket instead of a session', async () => {
    const { client, server } = await signedInEnv()
    server.admin.enableTotp(alice.email)
    const { result } = renderHook(() => ({ signIn: useSignIn(), status: useSession((s) => s.status) }), { wrapper: wrapper(client) })
    await act(() => result.current.signIn.signIn(alice))
    await waitFor(() => expect(result.current.signIn.step).toBe('mfa'))
    expect(result.current.signIn.mfa?.ticket).toMatch(/^mfaTotp:/)
    expect(result.current.status).toBe('signedOut')
  })

  it('reports errors with a code, and reset() clears them', async () => {
    const { client } = await signedInEnv()
    const { result } = renderHook(() => useSignIn(), { wrapper: wrapper(client) })
    await act(() => result.current.signIn({ ...alice, password: 'wrong password' }).catch(() => {}))
    await waitFor(() => expect(result.current.error?.code).toBe('invalid-email-password'))
    expect(result.current.error?.status).toBe(401)
    act(() => result.current.reset())
    await waitFor(() => expect(result.current.error).toBeNull())
  })
})

describe('useSignUp and useSignOut', () => {
  it('signs up, reports a duplicate, and signs out clearing the app cache', async () => {
    const env = testBackend({ clock: 'real' })
    const client = env.makeClient()
    const queryClient = new QueryClient()
    queryClient.setQueryData(['todos'], ['private'])
    const { result } = renderHook(() => ({ up: useSignUp(), out: useSignOut(), user: useUser() }), {
      wrapper: ({ children }) => (
        <QueryClientProvider client={queryClient}>
          <AuthProvider client={client}>{children}</AuthProvider>
        </QueryClientProvider>
      ),
    })
    await act(() => result.current.up.signUp.mutateAsync(alice))
    expect(result.current.user?.email).toBe(alice.email)
    await act(() => result.current.up.signUp.mutateAsync(alice).catch(() => {}))
    await waitFor(() => expect(result.current.up.signUp.error?.code).toBe('email-already-in-use'))

    await act(() => result.current.out.signOut.mutateAsync())
    expect(result.current.user).toBeNull()
    expect(queryClient.getQueryData(['todos'])).toBeUndefined()
  })

  it('says when the e-mail must be verified before signing in', async () => {
    const env = testBackend({ clock: 'real', requireEmailVerification: true })
    const { result } = renderHook(() => useSignUp(), { wrapper: wrapper(env.makeClient()) })
    await act(() => result.current.signUp.mutateAsync(alice))
    await waitFor(() => expect(result.current.needsEmailVerification).toBe(true))
  })
})

describe('useAuthFetch', () => {
  it('calls the app API with the bearer token', async () => {
    const { client } = await signedInEnv()
    await client.signInWithPassword(alice)
    const { result } = renderHook(() => useAuthFetch(), { wrapper: wrapper(client) })
    const response = await result.current(`${AUTH_URL}/user`)
    expect(response.status).toBe(200)
    expect((await response.json()).email).toBe(alice.email)
  })
})

describe('<AuthProvider backend>', () => {
  it('creates its client once, survives StrictMode, and runs a whole sign-in from a form', async () => {
    const env = testBackend({ clock: 'real' })
    await env.server.admin.createUser(alice)
    function Form() {
      const { signIn, error } = useSignIn()
      const user = useUser()
      const [email, setEmail] = useState('')
      if (user) return <p>Hello {user.email}</p>
      return (
        <form onSubmit={(e) => (e.preventDefault(), void signIn({ email, password: alice.password }).catch(() => {}))}>
          <label>
            E-mail <input value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <button type="submit">Sign in</button>
          {error && <p role="alert">{error.code}</p>}
        </form>
      )
    }
    render(
      <StrictMode>
        <AuthProvider backend={env.backend} fetch={env.server.fetch} sync={false} locks={null}>
          <Form />
        </AuthProvider>
      </StrictMode>,
    )
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: alice.email } })
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText(`Hello ${alice.email}`)).toBeTruthy()
  })
})
