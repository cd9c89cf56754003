import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { AuthProvider, localStorageStorage } from 'keyward'
import 'keyward/forms.css'
import { nhost } from 'keyward/backends/nhost'
import { App } from './App.tsx'

// The reference backend runs inside the Vite dev server at /auth/v1 (see vite.config.ts):
// same origin, real HTTP, real tokens.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthProvider backend={nhost({ url: '/auth/v1' })} storage={localStorageStorage('keyward.demo')}>
      <App />
    </AuthProvider>
  </StrictMode>,
)
