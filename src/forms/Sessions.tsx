import { errorText, useLocalization } from './context.js'
import { languageOf } from './localization.js'
import { enAccount } from './locales/en.js'
import { Card, Heading, Message, SecondaryButton } from './parts.js'
import type { FormProps } from './shared.js'
import { useSessions } from '../index.js'

/** The user's signed-in devices with a sign-out button each; renders nothing where the backend cannot list them. */
export function Sessions({ localization, classNames, focusOnMount, headingLevel, header }: FormProps) {
  const l = useLocalization(localization, enAccount)
  const { supported, sessions, revoke } = useSessions()
  if (!supported) return null
  const others = sessions.data?.filter((s) => !s.current) ?? []
  return (
    <Card {...languageOf(l)} header={header} state={sessions.error || revoke.error ? 'error' : 'idle'} step="sessions" aria-busy={sessions.isPending || undefined} className={classNames?.form}>
      <Heading level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
        {l.sessions.title}
      </Heading>
      <ul data-keyward-list="">
        {sessions.data?.map((device) => (
          <li key={device.id} data-state={device.current ? 'current' : 'other'}>
            <span data-keyward-device="">{device.description ?? l.sessions.unknownDevice}</span>
            {device.current ? (
              <span data-keyward-badge=""> — {l.sessions.current}</span>
            ) : (
              <SecondaryButton busy={revoke.isPending} onClick={() => revoke.mutateAsync(device.id).catch(() => {})}>
                {l.sessions.revoke}{' '}
                <span data-keyward-visually-hidden="">{device.description ?? l.sessions.unknownDevice}</span>
              </SecondaryButton>
            )}
          </li>
        ))}
      </ul>
      {sessions.isSuccess && others.length === 0 && <p data-keyward-text="">{l.sessions.empty}</p>}
      <Message tone="error" message={errorText(l, sessions.error ?? revoke.error)} className={classNames?.message} />
    </Card>
  )
}
