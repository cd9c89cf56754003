// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it } from 'vitest'
import { AuthProvider, localStorageStorage, SignedIn, SignedOut, useSession, useUser, useSignIn, type Session } from '../../src/index.ts'
import { nhost } from '../../src/backends/nhost/index.ts'

const browserGlobals = ['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'BroadcastChannel', 'location'] as const
const touched: string[] = []
const saved = new Map<string, PropertyDescriptor | undefined>()

/** Any read of a browser global during the render is recorded (and fails the test). */
function trapBrowserGlobals() {
  for (const name of browserGlobals) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name))
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name)
        return undefined
      },
    })
  }
}

afterEach(() => {
  for (const [name, descriptor] of saved) {
    if (descriptor) Object.defineProperty(globalThis, name, descriptor)
    else delete (globalThis as Record<string, unknown>)[name]
  }
  saved.clear()
  touched.length = 0
})

function Page() {
  const status = useSession((s) => s.status)
  const user = useUser()
  const { isPending } = useSignIn()
  return (
    <main>
      <p>status:{status}</p>
      <p>pending:{String(isPending)}</p>
      <SignedIn>hello {user?.email}</SignedIn>
      <SignedOut>please sign in</SignedOut>
    </main>
  )
}

describe('server rendering', () => {
  it('renders the loading state without touching any browser global', () => {
    trapBrowserGlobals()
    const html = renderToString(
      <AuthProvider backend={nhost({ url: 'https://auth.example.com/v1' })} storage={localStorageStorage()}>
        <Page />
      </AuthProvider>,
    )
    expect(touched).toEqual([])
    expect(html).toContain('status:<!-- -->loading')
    expect(html).not.toContain('please sign in')
  })

  it('renders signed-in UI from an initialSession', () => {
    trapBrowserGlobals()
    const initialSession: Session = {
      accessToken: 'a.b.c',
      accessTokenExpiresAt: Date.now() + 900_000,
      refreshToken: '2c35b6f3-c4b9-48e3-978a-d4d0f1d42e24',
      sessionId: null,
      idToken: null,
      user: {
        id: 'u1', email: 'sam@example.com', emailVerified: true, phoneNumber: null, displayName: 'Sam', avatarUrl: '',
        isAnonymous: false, activeMfaType: null, createdAt: null, metadata: {}, raw: {},
      },
    }
    const html = renderToString(
      <AuthProvider backend={nhost({ url: 'https://auth.example.com/v1' })} initialSession={initialSession}>
        <Page />
      </AuthProvider>,
    )
    expect(touched).toEqual([])
    expect(html).toContain('hello <!-- -->sam@example.com')
  })
})
