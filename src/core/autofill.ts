// The page's pending passkey autofill request (conditional mediation), kept apart from the passkey
// flows so that every other sign-in method can end it without loading them: a password, a code or a
// provider started while the e-mail field still offers passkeys must not race a pick in the autofill.

let pending: (() => void) | null = null

/**
 * Registers the page's autofill request, ending the one before it (one per page: a second form's
 * request replaces the first's); the returned function forgets it once it settled.
 */
export function holdAutofill(abort: () => void): () => void {
  const previous = pending
  pending = abort
  previous?.()
  return () => {
    if (pending === abort) pending = null
  }
}

/**
 * Ends the page's pending passkey autofill request, if there is one: called before any other sign-in
 * method sends its first request. The form that offered it asks again once that method is settled.
 */
export function stopPasskeyAutofill(): void {
  const abort = pending
  pending = null
  abort?.()
}
