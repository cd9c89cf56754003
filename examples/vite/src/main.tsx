import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { AuthProvider, localStorageStorage } from 'keyward'
import { nhost } from 'keyward/backends/nhost'
import 'keyward/forms.css'
import { App } from './App'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthProvider backend={nhost({ url: '/auth/v1' })} storage={localStorageStorage()}>
      <App />
    </AuthProvider>
  </StrictMode>,
)
