import { inject } from 'vitest'
import { providerBrowser as browse } from '../../servers/oidc-provider/browse.mjs'

// Helpers for tests against this run's OpenID Connect provider (servers/oidc-provider), whose login and
// consent pages are oidc-provider's development interactions: plain HTML forms a test can fill over HTTP.

export const oidcIssuer = inject('oidcIssuer')
export const CLIENT_ID = 'keyward-test'
/** The page the tests play, and where the provider sends the browser back. */
export const PAGE = 'http://localhost:3000'
export const CALLBACK = `${PAGE}/callback`

/** A browser for the provider's pages: its cookies kept, its redirects followed, its forms filled. */
export const providerBrowser = () => browse(oidcIssuer)
