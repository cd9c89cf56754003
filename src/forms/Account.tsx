import { useEffect, useId, useRef, useState } from 'react'
import { useCapabilities } from '../react/useCapabilities.js'
import { useSessions } from '../react/useSessions.js'
import { useSignOut } from '../react/useSignOut.js'
import { useUser } from '../react/useSession.js'
import { errorText, useLocalization } from './context.js'
import { enAccount } from './locales/en.js'
import { Card, Heading, Message, SecondaryButton } from './parts.js'
import type { FormProps } from './shared.js'

/**
 * The signed-in user's button: opens a small panel with sign-out (and sign-out everywhere where the
 * backend can). Escape closes it and returns focus to the button.
 */
export function UserButton({ localization, className }: { localization?: FormProps['localization']; className?: string | undefined }) {
  const l = useLocalization(localization, enAccount)
  const capabilities = useCapabilities()
  const user = useUser()
  const { signOut, isPending } = useSignOut()
  const [open, setOpen] = useState(false)
  // the component outlives the session (it renders nothing while signed out): start the next one closed
  useEffect(() => {
    if (!user) setOpen(false)
  }, [user])
  const panelId = useId()
  const button = useRef<HTMLButtonElement>(null)
  const panel = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (open) panel.current?.querySelector('button')?.focus()
  }, [open])
  if (!user) return null
  const name = user.displayName || user.email || user.phoneNumber || l.userButton.menu
  return (
    <div data-keyward-user-button="" data-state={open ? 'open' : 'closed'} className={className}>
      <button ref={button} type="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)} data-keyward-secondary="">
        {name}
      </button>
      <div
        ref={panel}
        id={panelId}
        hidden={!open}
        aria-label={l.userButton.menu}
        role="group"
        data-keyward-user-panel=""
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return
          setOpen(false)
          button.current?.focus()
        }}
      >
        <button type="button" disabled={isPending} onClick={() => void signOut()} data-keyward-link="">
          {l.userButton.signOut}
        </button>
        {capabilities.signOutEverywhere && (
          <button type="button" disabled={isPending} onClick={() => void signOut({ all: true })} data-keyward-link="">
            {l.userButton.signOutEverywhere}
          </button>
        )}
      </div>
    </div>
  )
}

/** The user's signed-in devices with a sign-out button each; renders nothing where the backend cannot list them. */
export function Sessions({ localization, classNames, focusOnMount, headingLevel, header }: FormProps) {
  const l = useLocalization(localization, enAccount)
  const { supported, sessions, revoke } = useSessions()
  if (!supported) return null
  const others = sessions.data?.filter((s) => !s.current) ?? []
  return (
    <Card header={header} state={sessions.error || revoke.error ? 'error' : 'idle'} step="sessions" aria-busy={sessions.isPending || undefined} className={classNames?.form}>
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
