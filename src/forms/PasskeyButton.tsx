import { type ComponentPropsWithoutRef, forwardRef } from 'react'
import { useLocalization } from './context.js'
import { type Localization, languageOf } from './localization.js'
import { composeHandlers } from './parts.js'
import { type AuthError, isAuthError, type Session, useCapabilities, usePasskeySignIn } from '../index.js'

export type PasskeyButtonProps = Omit<ComponentPropsWithoutRef<'button'>, 'onError'> & {
  onSignedIn?: ((session: Session) => void) | undefined
  /**
   * A failed passkey sign-in (never a request the page itself aborted). The user closing the browser's
   * sheet comes as `passkey_cancelled`: the forms show nothing for it. Show the others in your message region.
   */
  onError?: ((error: AuthError) => void) | undefined
  localization?: Localization | undefined
}

/**
 * "Sign in with a passkey": one button; renders nothing where the backend or the browser cannot use
 * passkeys. `<SignIn />` shows its errors in the form's message region; pass `onError` to show them
 * in yours.
 */
export const PasskeyButton = forwardRef<HTMLButtonElement, PasskeyButtonProps>(function PasskeyButton({ onSignedIn, onError, localization, onClick, children, ...rest }, ref) {
  const l = useLocalization(localization)
  const capabilities = useCapabilities()
  const { signIn, isSupported } = usePasskeySignIn()
  if (!capabilities.passkeys || !isSupported) return null
  const busy = signIn.isPending
  return (
    <button
      ref={ref}
      type="button"
      {...languageOf(l)}
      data-keyward-passkey=""
      data-state={busy ? 'submitting' : 'idle'}
      aria-disabled={busy || undefined}
      {...rest}
      onClick={composeHandlers(onClick, () => {
        if (busy) return
        signIn.mutateAsync().then(
          (session) => onSignedIn?.(session),
          (error: AuthError) => {
            if (!isAuthError(error, 'aborted')) onError?.(error)
          },
        )
      })}
    >
      {children ?? (busy ? l.common.submitting : l.signIn.passkey)}
    </button>
  )
})
