/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** `'better-auth'` under `npm run dev:better-auth`; unset for the embedded reference backend. */
  readonly VITE_KEYWARD_BACKEND?: string
  /** The better-auth server's origin under `npm run dev:better-auth`. */
  readonly VITE_BETTER_AUTH_URL?: string
}
