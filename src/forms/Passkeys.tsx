import { errorText, useLocalization } from './context.js'
import { languageOf } from './localization.js'
import { enAccount } from './locales/en.js'
import { Card, Heading, Message, SecondaryButton } from './parts.js'
import type { FormProps } from './shared.js'
import { useCapabilities, usePasskey, usePasskeyList } from '../index.js'

/** The signed-in user's passkeys: add one (with a confirming passkey prompt when the server asks); list and remove where the backend can. */
export function Passkeys({ localization, classNames, focusOnMount, headingLevel, header }: FormProps) {
  const l = useLocalization(localization, enAccount)
  const capabilities = useCapabilities()
  const { add, isSupported } = usePasskey()
  const { supported: listable, passkeys, remove, refresh } = usePasskeyList()
  if (!capabilities.passkeys) return null
  return (
    <Card {...languageOf(l)} header={header} state={add.isPending ? 'submitting' : add.error ? 'error' : 'idle'} step="passkeys" className={classNames?.form}>
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
