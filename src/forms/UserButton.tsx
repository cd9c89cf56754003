import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { useLocalization } from './context.js'
import { enAccount } from './locales/en.js'
import { languageOf } from './localization.js'
import type { FormProps } from './shared.js'
import { Avatar } from './Avatar.js'
import { useCapabilities, useSignOut, useUser } from '../index.js'

/** An app's own entry in the user menu: a link (`href`) or an action (`onSelect`). */
export interface UserMenuItem {
  label: ReactNode
  href?: string | undefined
  onSelect?: (() => void) | undefined
}

export interface UserButtonProps {
  localization?: FormProps['localization']
  className?: string | undefined
  /** The app's entries, above sign-out: "Account settings", "Billing"… */
  items?: readonly UserMenuItem[] | undefined
  /**
   * Called once the menu's sign-out is done (the button itself renders nothing while signed out):
   * navigate, or move focus yourself. Without it, focus goes to the sign-in form that took the
   * button's place on the page (its heading), else to the page's `main`, never left on `<body>`.
   */
  onSignedOut?: (() => void) | undefined
}

/** Where focus goes when the menu that had it is gone: the sign-in form now shown, else `main`. */
function focusAfterSignOut() {
  const active = document.activeElement
  if (active && active !== document.body && active.isConnected) return
  const target = document.querySelector<HTMLElement>('[data-keyward-form] [data-keyward-heading]') ?? document.querySelector<HTMLElement>('main, [role="main"]')
  if (!target) return
  if (target.tabIndex < 0 && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1')
  target.focus()
}

/**
 * The signed-in user's menu button: the avatar (or initials) and name; its menu shows who is signed
 * in, the app's `items`, sign-out and (where the backend can) sign-out everywhere. It behaves as a
 * menu: arrows, Home and End move between entries; Escape closes it and returns focus to the button;
 * a click outside or Tab out of it closes it.
 */
export function UserButton({ localization, className, items = [], onSignedOut }: UserButtonProps) {
  const l = useLocalization(localization, enAccount)
  const capabilities = useCapabilities()
  const user = useUser()
  const { signOut } = useSignOut()
  const isPending = signOut.isPending
  const [open, setOpen] = useState(false)
  const root = useRef<HTMLDivElement>(null)
  const trigger = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  // which entry to focus when the menu opens: the first, or the last after ArrowUp on the button
  const focusOnOpen = useRef<'first' | 'last'>('first')
  // the component outlives the session (it renders nothing while signed out): start the next one closed
  useEffect(() => {
    if (!user) setOpen(false)
  }, [user])
  const entries = () => Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? [])
  useEffect(() => {
    if (!open) return
    const all = entries()
    ;(focusOnOpen.current === 'last' ? all[all.length - 1] : all[0])?.focus()
    // a press anywhere else closes the menu (focus stays where the press put it)
    const outside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', outside)
    return () => document.removeEventListener('pointerdown', outside)
  }, [open])
  const menuId = useId()
  const triggerId = useId()
  if (!user) return null
  const name = user.displayName || user.email || user.phoneNumber || l.userButton.menu
  const detail = [user.email, user.phoneNumber].find((value) => value && value !== name) ?? null
  const avatar = <Avatar user={user} />
  const close = () => {
    setOpen(false)
    trigger.current?.focus()
  }
  const onMenuKey = (event: KeyboardEvent) => {
    const all = entries()
    const at = all.indexOf(document.activeElement as HTMLElement)
    const move = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 }[event.key]
    if (move !== undefined) {
      event.preventDefault()
      all[(move + all.length) % all.length]?.focus()
    } else if (event.key === 'Escape') {
      event.preventDefault()
      close()
    } else if (event.key === 'Tab') setOpen(false)
  }
  const run = (action: () => void) => () => {
    setOpen(false)
    action()
  }
  // The app's usual layout unmounts the button as the session ends (`<SignedIn>`): the promise,
  // not a component callback, says when it is done; the page has rendered its signed-out side by then.
  const signOutWith = (all: boolean) => () => {
    signOut
      .mutateAsync(all ? { all: true } : undefined)
      .then(() => setTimeout(onSignedOut ?? focusAfterSignOut))
      .catch(() => {}) // the hook's state holds the error
  }
  return (
    <div ref={root} {...languageOf(l)} data-keyward-user-button="" data-state={open ? 'open' : 'closed'} className={className}>
      <button
        ref={trigger}
        id={triggerId}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        data-keyward-user-trigger=""
        onClick={() => {
          focusOnOpen.current = 'first'
          setOpen(!open)
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && open) {
            event.preventDefault()
            setOpen(false)
          } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault()
            focusOnOpen.current = event.key === 'ArrowUp' ? 'last' : 'first'
            const all = entries()
            if (open) (event.key === 'ArrowUp' ? all[all.length - 1] : all[0])?.focus()
            else setOpen(true)
          }
        }}
      >
        {avatar}
        <span data-keyward-user-name="">{name}</span>
      </button>
      <div data-keyward-user-panel="" hidden={!open}>
        <div data-keyward-user-identity="">
          {avatar}
          <span>
            <span data-keyward-user-name="">{name}</span>
            {detail && <span data-keyward-text="">{detail}</span>}
          </span>
        </div>
        <div ref={menu} id={menuId} role="menu" aria-labelledby={triggerId} onKeyDown={onMenuKey}>
          {items.map((item, index) =>
            item.href ? (
              <a key={index} role="menuitem" tabIndex={-1} href={item.href} onClick={run(() => item.onSelect?.())} data-keyward-menu-item="">
                {item.label}
              </a>
            ) : (
              <button key={index} type="button" role="menuitem" tabIndex={-1} onClick={run(() => item.onSelect?.())} data-keyward-menu-item="">
                {item.label}
              </button>
            ),
          )}
          {items.length > 0 && <div role="separator" data-keyward-menu-separator="" />}
          <button type="button" role="menuitem" tabIndex={-1} aria-disabled={isPending || undefined} onClick={isPending ? undefined : signOutWith(false)} data-keyward-menu-item="">
            {l.userButton.signOut}
          </button>
          {capabilities.signOutEverywhere && (
            <button type="button" role="menuitem" tabIndex={-1} aria-disabled={isPending || undefined} onClick={isPending ? undefined : signOutWith(true)} data-keyward-menu-item="">
              {l.userButton.signOutEverywhere}
            </button>
          )}
        </div>
      </div>
    </div>
  )
}
