import { isAuthError } from '../core/errors.js'
import type { Session } from '../core/types.js'
import { useCapabilities } from '../react/useCapabilities.js'
import { usePasskey } from '../react/usePasskey.js'
import { usePasskeyList } from '../react/useSessions.js'
import { errorText, useLocalization } from './context.js'
import { LiveRegion, StepHeading } from './parts.js'
import type { FormProps } from './shared.js'

/** A "sign in with a passkey" button with its own error message; nothing where passkeys cannot work. */
export function PasskeyButton({ onSignedIn, localization, classNames }: Omit<FormProps, 'focusOnMount'> & { onSignedIn?: ((session: Session) => void) | undefined }) {
  const l = useLocalization(localization)
  const capabilities = useCapabilities()
  const { signIn, isSupported } = usePasskey()
  if (!capabilities.passkeys || !isSupported) return null
  const error = signIn.error && !isAuthError(signIn.error, 'aborted') ? signIn.error : null
  return (
    <div data-keyward-passkey-button="">
      <button type="button" data-keyward-passkey="" data-state={signIn.isPending ? 'submitting' : 'idle'} disabled={signIn.isPending} onClick={() => signIn.mutateAsync().then((s) => onSignedIn?.(s), () => {})}>
        {signIn.isPending ? l.common.submitting : l.signIn.passkey}
      </button>
      <LiveRegion tone="error" message={errorText(l, error)} className={classNames?.message} />
    </div>
  )
}

/** The signed-in user's passkeys: add one (with a confirming passkey prompt when the server asks); list and remove where the backend can. */
export function Passkeys({ localization, classNames, focusOnMount }: FormProps) {
  const l = useLocalization(localization)
  const capabilities = useCapabilities()
  const { add, isSupported } = usePasskey()
  const { supported: listable, passkeys, remove, refresh } = usePasskeyList()
  if (!capabilities.passkeys) return null
  return (
    <div data-keyward-form="" data-state={add.isPending ? 'submitting' : add.error ? 'error' : 'idle'} className={classNames?.form}>
      <StepHeading focus={focusOnMount} className={classNames?.heading}>
        {l.passkeys.title}
      </StepHeading>
      {listable && (
        <ul data-keyward-list="">
          {passkeys.data?.length === 0 && <li>{l.passkeys.empty}</li>}
          {passkeys.data?.map((passkey) => (
            <li key={passkey.id}>
              {passkey.nickname ?? l.passkeys.unnamed}{' '}
              <button type="button" data-keyward-secondary="" disabled={remove.isPending} onClick={() => remove.mutateAsync(passkey.id).catch(() => {})}>
                {l.passkeys.remove}
              </button>
            </li>
          ))}
        </ul>
      )}
      {isSupported && (
        <button type="button" data-keyward-submit="" data-state={add.isPending ? 'submitting' : 'idle'} disabled={add.isPending} onClick={() => add.mutateAsync().then(() => refresh(), () => {})}>
          {add.isPending ? l.common.submitting : l.passkeys.add}
        </button>
      )}
      <LiveRegion tone={add.error || remove.error ? 'error' : 'status'} message={errorText(l, add.error ?? remove.error) ?? (add.isSuccess ? l.passkeys.added : null)} className={classNames?.message} />
    </div>
  )
}
