import { errorText, useLocalization } from './context.js'
import { languageOf } from './localization.js'
import { enAccount } from './locales/en.js'
import { Card, Heading, Message, SecondaryButton } from './parts.js'
import type { FormProps } from './shared.js'
import { useSessions } from '../index.js'

/**
 * The user's signed-in devices with a sign-out button each, and "Sign out all other devices" where the
 * backend can end them at once (Supabase offers only that: then the card has just the button).
 * Renders nothing where the backend can do neither.
 */
export function Sessions({ localization, classNames, focusOnMount, headingLevel, header }: FormProps) {
  const l = useLocalization(localization, enAccount)
  const { supported, sessions, revoke, othersSupported, signOutOthers } = useSessions()
  if (!supported && !othersSupported) return null
  const others = sessions.data?.filter((s) => !s.current) ?? []
  const error = sessions.error ?? revoke.error ?? signOutOthers.error
  return (
    <Card {...languageOf(l)} header={header} state={error ? 'error' : signOutOthers.isSuccess ? 'success' : 'idle'} step="sessions" aria-busy={sessions.isPending || undefined} className={classNames?.form}>
      <Heading level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
        {l.sessions.title}
      </Heading>
      {supported && (
        <ul data-keyward-list="">
          {sessions.data?.map((device) => (
            <li key={device.id} data-state={device.current ? 'current' : 'other'}>
              <span data-keyward-device="">{device.description ?? l.sessions.unknownDevice}</span>
              {device.current ? (
                <span data-keyward-badge=""> — {l.sessions.current}</span>
              ) : (
                <SecondaryButton
                  busy={revoke.isPending}
                  onClick={() => {
                    signOutOthers.reset()
                    revoke.mutateAsync(device.id).catch(() => {})
                  }}
                >
                  {l.sessions.revoke}{' '}
                  <span data-keyward-visually-hidden="">{device.description ?? l.sessions.unknownDevice}</span>
                </SecondaryButton>
              )}
            </li>
          ))}
        </ul>
      )}
      {supported && sessions.isSuccess && others.length === 0 && !signOutOthers.isSuccess && <p data-keyward-text="">{l.sessions.empty}</p>}
      {othersSupported && (!supported || others.length > 0) && (
        <SecondaryButton
          busy={signOutOthers.isPending}
          onClick={() => {
            revoke.reset()
            signOutOthers.mutateAsync().catch(() => {})
          }}
        >
          {l.sessions.revokeOthers}
        </SecondaryButton>
      )}
      <Message tone="status" message={signOutOthers.isSuccess ? l.sessions.othersSignedOut : null} className={classNames?.message} />
      <Message tone="error" message={errorText(l, error)} className={classNames?.message} />
    </Card>
  )
}
