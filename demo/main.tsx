import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { type AuthBackend, AuthProvider, localStorageStorage } from 'keyward'
import 'keyward/forms.css'
import { App } from './App.tsx'

// `npm run dev`: the reference backend runs inside the Vite dev server at /auth/v1 (vite.config.ts):
// same origin, real HTTP, real tokens. `npm run dev:better-auth`: the same demo against a local
// better-auth server (scripts/dev-better-auth.mjs).
async function backend(): Promise<AuthBackend> {
  if (import.meta.env.VITE_KEYWARD_BACKEND === 'medusa') {
    // a Medusa 1.20 store server (the Medusa journey of the e2e suite starts one): cookie or JWT mode
    const { medusa } = await import('keyward/backends/medusa')
    return medusa({ url: import.meta.env.VITE_MEDUSA_URL ?? 'http://localhost:9000', mode: import.meta.env.VITE_MEDUSA_MODE === 'jwt' ? 'jwt' : 'cookie' })
  }
  if (import.meta.env.VITE_KEYWARD_BACKEND === 'oidc') {
    // an OpenID Connect provider (the OIDC journey of the e2e suite starts oidc-provider)
    const { oidc } = await import('keyward/backends/oidc')
    return oidc({ issuer: import.meta.env.VITE_OIDC_ISSUER ?? 'http://localhost:9400', clientId: 'keyward-test', postLogoutRedirectUri: `${location.origin}/` })
  }
  if (import.meta.env.VITE_KEYWARD_BACKEND === 'authhero') {
    // an AuthHero server (npm run dev:authhero; the AuthHero journey of the e2e suite starts one)
    const { authHero } = await import('keyward/backends/authhero')
    return authHero({ url: import.meta.env.VITE_AUTHHERO_URL ?? 'http://localhost:3000', clientId: 'keyward-test', logoutReturnTo: `${location.origin}/` })
  }
  if (import.meta.env.VITE_KEYWARD_BACKEND === 'credebl') {
    // CREDEBL (the CREDEBL journey of the e2e suite starts its stand-in)
    const { credebl } = await import('keyward/backends/credebl')
    return credebl({ url: import.meta.env.VITE_CREDEBL_URL ?? '', passwordKey: import.meta.env.VITE_CREDEBL_KEY })
  }
  if (import.meta.env.VITE_KEYWARD_BACKEND === 'replyke') {
    // Replyke (the Replyke journey of the e2e suite starts its stand-in): v6 or v7
    const { replyke } = await import('keyward/backends/replyke')
    return replyke({ url: import.meta.env.VITE_REPLYKE_URL, projectId: import.meta.env.VITE_REPLYKE_PROJECT ?? '', version: import.meta.env.VITE_REPLYKE_VERSION === 'v6' ? 'v6' : 'v7' })
  }
  if (import.meta.env.VITE_KEYWARD_BACKEND === 'example') {
    // the example adapter of docs/writing-a-backend.md, on the embedded reference backend
    const { exampleBackend } = await import('../docs/example-backend.ts')
    return exampleBackend({ url: '/auth/v1' })
  }
  if (import.meta.env.VITE_KEYWARD_BACKEND === 'supabase') {
    // Supabase Auth's stand-in (the Supabase journeys of the e2e suite serve one): anonymous sign-ins
    // on, and its stand-in GitHub (approves at once)
    const { supabase } = await import('keyward/backends/supabase')
    const backend = supabase({ url: import.meta.env.VITE_SUPABASE_URL ?? '', anonKey: import.meta.env.VITE_SUPABASE_ANON_KEY ?? '', anonymous: true, oauthProviders: ['github'], passkeys: true })
    // npm run dev:supabase: not Supabase itself, and the header says so
    return import.meta.env.VITE_SUPABASE_STAND_IN ? { ...backend, traits: { ...backend.traits, displayName: 'Supabase (stand-in)' } } : backend
  }
  if (import.meta.env.VITE_KEYWARD_BACKEND === 'authjs') {
    // Auth.js on this origin (npm run dev:authjs proxies /api to servers/authjs): Credentials, magic
    // links, the tests' OpenID Connect provider, passkeys; sign-up is the app's own route
    const [{ authJs }, { signUpRoute }] = await Promise.all([import('keyward/backends/authjs'), import('./authjs-sign-up.ts')])
    return authJs({ email: 'email', oauthProviders: import.meta.env.VITE_AUTHJS_OIDC ? [{ id: 'oidc', name: 'Keyward Test OIDC' }] : [], passkey: true, signUp: signUpRoute, passwordPolicy: { minLength: 8 } })
  }
  if (import.meta.env.VITE_KEYWARD_BACKEND === 'better-auth') {
    const { betterAuth } = await import('keyward/backends/better-auth')
    // the local server lets users delete their account (user.deleteUser.enabled)
    return betterAuth({ url: `${import.meta.env.VITE_BETTER_AUTH_URL}/api/auth`, deleteAccount: true })
  }
  const { nhost } = await import('keyward/backends/nhost')
  // the reference backend asks for 9 characters, as hasura-auth's AUTH_PASSWORD_MIN_LENGTH=9 would;
  // its stand-in providers approve at once and sign in `<provider>-user@example.com`
  // the embedded reference backend answers a rotated refresh token again for 10 s (its default)
  return nhost({ url: '/auth/v1', passwordPolicy: { minLength: 9 }, oauthProviders: ['github', 'google'], refreshTokenReuseInterval: 10 })
}

const chosen = await backend()
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthProvider backend={chosen} storage={localStorageStorage(`keyward.demo.${chosen.id}`)}>
      <App />
    </AuthProvider>
  </StrictMode>,
)
