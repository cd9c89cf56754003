// The drop-in journey of the bench: <AuthFlow /> mounted as the README recommends, signing in with a
// password (and a TOTP code where the account has one). Built for production by
// scripts/bench-journeys.mjs and loaded in Chromium.
import { createRoot } from 'react-dom/client'
import { AuthProvider, localStorageStorage, useSession } from 'keyward'
import { nhost } from 'keyward/backends/nhost'
import { AuthFlow } from 'keyward/forms'
import 'keyward/forms.css'

const backend = nhost({ url: '/auth/v1' })

function App() {
  const { status, user } = useSession()
  if (status === 'loading') return null
  return status === 'signedIn' ? <p>Signed in as {user?.email}</p> : <AuthFlow />
}

createRoot(document.getElementById('root')!).render(
  <AuthProvider backend={backend} storage={localStorageStorage()}>
    <App />
  </AuthProvider>,
)
