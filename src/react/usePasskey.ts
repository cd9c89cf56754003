
import { addPasskey, elevateWithPasskey } from '../core/flows/passkey.js'
import { useAuthMutation } from './useAuthMutation.js'
import { usePasskeySignIn } from './usePasskeySignIn.js'
import { usePasskeySignUp } from './usePasskeySignUp.js'

/**
 * Passkeys (WebAuthn). Each action is a TanStack mutation; the user closing the browser prompt is
 * `passkey_cancelled`, distinct from a server rejection.
 *
 * @example
 * const passkey = usePasskey()
 * useEffect(() => { const c = new AbortController(); passkey.autofill.mutate({ signal: c.signal }); return () => c.abort() }, [])
 * <button onClick={() => passkey.signIn.mutate({})}>Use a passkey</button>
 */
export function usePasskey() {
  return {
    ...usePasskeySignIn(),
    /** Creates an account with a passkey; resolves `null` when the e-mail must be verified first. */
    signUp: usePasskeySignUp().signUp,
    /** Adds a passkey to the signed-in account, elevating first when the server demands it. */
    add: useAuthMutation((client, input: { nickname?: string | undefined } | void) => addPasskey(client, { ...input })),
    /** Proves a recent sign-in with a passkey (for actions that need elevation). */
    elevate: useAuthMutation((client) => elevateWithPasskey(client)),
  }
}

/** What `usePasskey()` returns. */
export type UsePasskeyResult = ReturnType<typeof usePasskey>
