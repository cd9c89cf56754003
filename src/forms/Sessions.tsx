import { useEffect, useState } from 'react'
import type { deviceName } from './device-name.js'
import { errorText, useLocalization } from './context.js'
import { format, languageOf } from './localization.js'
import { enAccount } from './locales/en.js'
import { Card, Heading, Message, SecondaryButton } from './parts.js'
import type { FormProps } from './shared.js'
import { type DeviceSession, useSessions } from '../index.js'

/**
 * The user's signed-in devices with a sign-out button each, and "Sign out all other devices" where the
 * backend can end them at once (Supabase offers only that: then the card has just the button).
 * Each device is named from its user agent ("Firefox on Linux", by bowser, loaded here only), this
 * one first and marked, with when it was last active and its address where the backend says.
 * Renders nothing where the backend can do neither.
 */
type DeviceNamer = typeof deviceName

/** "5 minutes ago", "yesterday": the largest unit that fits, in the user's language. */
function ago(iso: string, locale: string): string | null {
  const then = Date.parse(iso)
  if (Number.isNaN(then)) return null
  const seconds = Math.round((then - Date.now()) / 1000)
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [['day', 86_400], ['hour', 3600], ['minute', 60]]
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit)
  return relative.format(0, 'second') // "now"
}

export function Sessions({ localization, classNames, focusOnMount, headingLevel, header }: FormProps) {
  const l = useLocalization(localization, enAccount)
  const { supported, sessions, revoke, othersSupported, signOutOthers } = useSessions()
  // the user-agent parser loads with the first list that has a user agent, and only here
  const [namer, setNamer] = useState<DeviceNamer | null>(null)
  const parse = supported && !namer && (sessions.data ?? []).some((device) => device.userAgent)
  useEffect(() => {
    if (!parse) return
    let live = true
    import('./device-name.js').then(
      (module) => live && setNamer(() => module.deviceName),
      () => live && setNamer(() => () => null),
    )
    return () => {
      live = false
    }
  }, [parse])
  if (!supported && !othersSupported) return null
  const others = sessions.data?.filter((s) => !s.current) ?? []
  const error = sessions.error ?? revoke.error ?? signOutOthers.error
  // this device first, then the most recently active
  const listed = [...(sessions.data ?? [])].sort((a, b) => Number(b.current) - Number(a.current) || (b.lastActiveAt ?? '').localeCompare(a.lastActiveAt ?? ''))
  const nameOf = (device: DeviceSession) => (device.userAgent && namer?.(device.userAgent, l)) || device.description || l.sessions.unknownDevice
  const ready = !parse
  return (
    <Card {...languageOf(l)} header={header} state={error ? 'error' : signOutOthers.isSuccess ? 'success' : 'idle'} step="sessions" aria-busy={sessions.isPending || !ready || undefined} className={classNames?.form}>
      <Heading level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
        {l.sessions.title}
      </Heading>
      {supported && ready && (
        <ul data-keyward-list="" data-keyward-devices="">
          {listed.map((device) => {
            const name = nameOf(device)
            const active = device.lastActiveAt ? ago(device.lastActiveAt, l.locale) : null
            const details = [active && format(l.sessions.lastActive, { time: active }), device.ipAddress].filter(Boolean).join(' · ')
            return (
              <li key={device.id} data-state={device.current ? 'current' : 'other'}>
                <span data-keyward-device="">
                  <span data-keyward-device-name="">{name}</span>
                  {device.current && <span data-keyward-badge="">{l.sessions.current}</span>}
                  {details && <span data-keyward-text="">{details}</span>}
                </span>
                {!device.current && (
                  <SecondaryButton
                    busy={revoke.isPending}
                    onClick={() => {
                      signOutOthers.reset()
                      revoke.mutateAsync(device.id).catch(() => {})
                    }}
                  >
                    {l.sessions.revoke} <span data-keyward-visually-hidden="">{name}</span>
                  </SecondaryButton>
                )}
              </li>
            )
          })}
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
