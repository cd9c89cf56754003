// The drop-in journey of the bench: <AuthFlow /> mounted as the README recommends, signing in with a
// password (and a TOTP code where the account has one). Built for production by
// scripts/bench-journeys.mjs and loaded in Chromium.
import { createRoot } from 'react-dom/client'
import { AuthProvider, localStorageStorage, useSession } from 'keyward'
// the adapter of the journey (the reference backend's, Supabase's, Auth.js's): scripts/bench-journeys.mjs
import { backend } from 'bench:backend'
import { AuthFlow } from 'keyward/forms'
import 'keyward/forms.css'

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
