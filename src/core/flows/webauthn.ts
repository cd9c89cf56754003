import type * as SimpleWebAuthn from '@simplewebauthn/browser'
import { loadOnce } from '../lazy.js'

export type WebAuthn = typeof SimpleWebAuthn
let loaded: WebAuthn | undefined
/**
 * @simplewebauthn/browser, loaded with the first passkey flow (alongside its options request), the
 * autofill check or a signal to the password manager, not with the page: most page loads never need it.
 */
export const loadWebAuthn = loadOnce(() => import('@simplewebauthn/browser').then((module) => (loaded = module)), 'passkey support')
/** The library, once a flow loaded it (nothing to cancel before that). */
export const webAuthnLoaded = (): WebAuthn | undefined => loaded
