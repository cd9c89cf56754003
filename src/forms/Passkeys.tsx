import { type ComponentPropsWithoutRef, forwardRef } from 'react'
import { type AuthError, isAuthError } from '../core/errors.js'
import type { Session } from '../core/types.js'
import { useCapabilities } from '../react/useCapabilities.js'
import { usePasskey, usePasskeySignIn } from '../react/usePasskey.js'
import { usePasskeyList } from '../react/useSessions.js'
import { errorText, useLocalization } from './context.js'
import { enAccount } from './locales/en.js'
import type { Localization } from './localization.js'
import { Card, composeHandlers, Heading, Message, SecondaryButton } from './parts.js'
import type { FormProps } from './shared.js'

export type PasskeyButtonProps = Omit<ComponentPropsWithoutRef<'button'>, 'onError'> & {
  onSignedIn?: ((session: Session) => void) | undefined
  /** A failed or cancelled passkey sign-in (never a request the page itself aborted). Show it in your message region. */
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

/** The signed-in user's passkeys: add one (with a confirming passkey prompt when the server asks); list and remove where the backend can. */
export function Passkeys({ localization, classNames, focusOnMount, headingLevel, header }: FormProps) {
  const l = useLocalization(localization, enAccount)
  const capabilities = useCapabilities()
  const { add, isSupported } = usePasskey()
  const { supported: listable, passkeys, remove, refresh } = usePasskeyList()
  if (!capabilities.passkeys) return null
  return (
    <Card header={header} state={add.isPending ? 'submitting' : add.error ? 'error' : 'idle'} step="passkeys" className={classNames?.form}>
      <Heading level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
        {l.passkeys.title}
      </Heading>
      {listable && (
        <ul data-keyward-list="">
          {passkeys.data?.length === 0 && <li>{l.passkeys.empty}</li>}
          {passkeys.data?.map((passkey) => (
            <li key={passkey.id}>
              <span data-keyward-device="">{passkey.nickname ?? l.passkeys.unnamed}</span>
              <SecondaryButton busy={remove.isPending} onClick={() => remove.mutateAsync(passkey.id).catch(() => {})}>
                {l.passkeys.remove}{' '}
                <span data-keyward-visually-hidden="">{passkey.nickname ?? l.passkeys.unnamed}</span>
              </SecondaryButton>
            </li>
          ))}
        </ul>
      )}
      {isSupported && (
        <button
          type="button"
          data-keyward-submit=""
          data-state={add.isPending ? 'submitting' : 'idle'}
          aria-disabled={add.isPending || undefined}
          onClick={() => {
            if (!add.isPending) add.mutateAsync().then(() => refresh(), () => {})
          }}
          className={classNames?.submit}
        >
          {add.isPending ? l.common.submitting : l.passkeys.add}
        </button>
      )}
      <Message tone={add.error || remove.error ? 'error' : 'status'} message={errorText(l, add.error ?? remove.error) ?? (add.isSuccess ? l.passkeys.added : null)} className={classNames?.message} />
    </Card>
  )
}
