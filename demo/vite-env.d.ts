/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** `'better-auth'` under `npm run dev:better-auth`, `'medusa'` in the Medusa journeys; unset for the embedded reference backend. */
  readonly VITE_KEYWARD_BACKEND?: string
  /** The Medusa server's origin (its store API under /store). */
  readonly VITE_MEDUSA_URL?: string
  /** `'jwt'` for Medusa's JWT mode; its cookie session otherwise. */
  readonly VITE_MEDUSA_MODE?: string
  /** The OpenID Connect provider's issuer (with `VITE_KEYWARD_BACKEND=oidc`). */
  readonly VITE_OIDC_ISSUER?: string
  /** The AuthHero server's origin (with `VITE_KEYWARD_BACKEND=authhero`; its application `keyward-test`). */
  readonly VITE_AUTHHERO_URL?: string
  /** CREDEBL's API gateway (with `VITE_KEYWARD_BACKEND=credebl`; the tests' stand-in) and its password key. */
  readonly VITE_CREDEBL_URL?: string
  readonly VITE_CREDEBL_KEY?: string
  /** Replyke's server (with `VITE_KEYWARD_BACKEND=replyke`; the tests' stand-in), the project's id and `v6` or `v7`. */
  readonly VITE_REPLYKE_URL?: string
  readonly VITE_REPLYKE_PROJECT?: string
  readonly VITE_REPLYKE_VERSION?: string
  /** The better-auth server's origin under `npm run dev:better-auth`. */
  readonly VITE_BETTER_AUTH_URL?: string
  /** Supabase Auth (with `VITE_KEYWARD_BACKEND=supabase`; the tests' stand-in): the project URL and its anon key. */
  readonly VITE_SUPABASE_URL?: string
  readonly VITE_SUPABASE_ANON_KEY?: string
  /** Set by `npm run dev:supabase`: the demo runs on the tests' stand-in, and says so. */
  readonly VITE_SUPABASE_STAND_IN?: string
  /** With `VITE_KEYWARD_BACKEND=authjs`: set where the Auth.js server has the OpenID Connect provider (`oidc`). */
  readonly VITE_AUTHJS_OIDC?: string
}
