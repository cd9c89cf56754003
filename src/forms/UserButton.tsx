import { useEffect, useId, useRef, useState } from 'react'
import { useLocalization } from './context.js'
import { enAccount } from './locales/en.js'
import { languageOf } from './localization.js'
import type { FormProps } from './shared.js'
import { useCapabilities, useSignOut, useUser } from '../index.js'

/**
 * The signed-in user's button: opens a small panel with sign-out (and sign-out everywhere where the
 * backend can). Escape closes it and returns focus to the button.
 */
export function UserButton({ localization, className }: { localization?: FormProps['localization']; className?: string | undefined }) {
  const l = useLocalization(localization, enAccount)
  const capabilities = useCapabilities()
  const user = useUser()
  const { signOut } = useSignOut()
  const isPending = signOut.isPending
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
    <div {...languageOf(l)} data-keyward-user-button="" data-state={open ? 'open' : 'closed'} className={className}>
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
        <button type="button" disabled={isPending} onClick={() => signOut.mutate()} data-keyward-link="">
          {l.userButton.signOut}
        </button>
        {capabilities.signOutEverywhere && (
          <button type="button" disabled={isPending} onClick={() => signOut.mutate({ all: true })} data-keyward-link="">
            {l.userButton.signOutEverywhere}
          </button>
        )}
      </div>
    </div>
  )
}
