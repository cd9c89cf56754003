import { useEffect, useState } from 'react'
import { isAuthError } from '../core/errors.js'
import { passkeyAutofillSupported, passkeysSupported, passkeysUsedHere, signInWithPasskey, upgradeToPasskey } from '../core/flows/passkey.js'
import { useAuthClient } from './context.js'
import { useAuthMutation } from './useAuthMutation.js'


/**
 * Signing in with a passkey only (button and autofill): what a sign-in page needs, without the
 * registration ceremony (`usePasskey()` has both; a bundle with this one alone leaves registration out).
 */
export function usePasskeySignIn() {
  const client = useAuthClient()
  const [isAutofillSupported, setAutofill] = useState(false)
  useEffect(() => {
    let active = true
    passkeyAutofillSupported().then((supported) => active && setAutofill(supported), () => {})
    return () => {
      active = false
    }
  }, [])

  return {
    /** Whether this browser can use passkeys at all (false during a server render). */
    isSupported: typeof window !== 'undefined' && passkeysSupported(),
    /** Whether it offers passkeys in autofill (conditional UI); known after mount. */
    isAutofillSupported,
    /**
     * Whether this browser has used a passkey for this app before (signed in with one, created or
     * added one): `<SignIn />` starts autofill on its own only then, so a password user's page loads no
     * WebAuthn code. Read on each render (a flag in localStorage).
     */
    usedHere: typeof window !== 'undefined' && passkeysUsedHere(client),
    /** Button-started sign-in; aborts a pending autofill request first. */
    signIn: useAuthMutation((client, input: { email?: string | undefined } | void) => signInWithPasskey(client, { ...input })),
    /**
     * The automatic upgrade, right after a password sign-in: a passkey saved without a prompt where
     * the browser offers conditional create (`<SignIn />` asks for it unless `passkeyUpgrade={false}`).
     * Resolves `'created'`, `'declined'` (the browser said no, silently) or `'unavailable'`; never an error.
     */
    upgrade: useAuthMutation((client) => upgradeToPasskey(client)),
    /**
     * Conditional UI: waits for the user to pick a passkey in a field with
     * `autocomplete="username webauthn"`. Resolves `null` when another ceremony replaced it, or when
     * `signal` (the effect's cleanup) aborted it.
     */
    autofill: useAuthMutation(async (client, input: { signal?: AbortSignal | undefined } | void) => {
      try {
        return await signInWithPasskey(client, { ...input, autofill: true })
      } catch (error) {
        // ended by the page, or the user dismissed the passkey sheet time and again: no error to show
        if (isAuthError(error, 'aborted') || isAuthError(error, 'passkey_cancelled')) return null
        throw error
      }
    }),
  }
}

/** What `usePasskeySignIn()` returns. */
export type UsePasskeySignInResult = ReturnType<typeof usePasskeySignIn>
