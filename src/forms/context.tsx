import { createContext, type ReactNode, useContext, useMemo } from 'react'
import { type AccountStrings, format, type Localization, withStrings } from './localization.js'
import { enJourney } from './locales/en.js'
import { type AuthError } from '../index.js'

// English by default: the journey's strings; the account forms add theirs (`useLocalization(l, enAccount)`)
const LocalizationContext = createContext<Localization>(enJourney as unknown as Localization)
// named in React DevTools; an app's production build (process.env.NODE_ENV, which React itself needs) drops it
if (process.env.NODE_ENV !== 'production') {
  LocalizationContext.displayName = 'KeywardLocalization'
}

/** Sets the language of every keyward form below it. Forms also take a `localization` prop. */
export function LocalizationProvider({ localization, children }: { localization: Localization; children?: ReactNode }) {
  return <LocalizationContext.Provider value={localization}>{children}</LocalizationContext.Provider>
}

/** The nearest localization (or `override`); an account form passes its English strings as `more`. */
export const useLocalization = (override?: Localization, more?: AccountStrings): Localization => {
  const fromContext = useContext(LocalizationContext)
  const l = override ?? fromContext
  return useMemo(() => (more ? withStrings(l, more) : l), [l, more])
}

/**
 * The friendly, localized text for an error: never the server's own words. A rate limit whose wait the
 * server gave (`retryAfter`, 10 s or more) says how long: "Try again in 5 minutes."
 */
export function errorText(l: Localization, error: AuthError | null | undefined): string | null {
  if (!error) return null
  const wait = error.code === 'rate-limited' ? error.retryAfter : undefined
  if (wait !== undefined && wait >= 10_000 && l.errors.rateLimitedFor) return format(l.errors.rateLimitedFor, { wait: waitText(l.locale, wait) })
  return l.errors[error.code] ?? l.errors.unknown
}

/** A wait as the locale says it from now: "in 5 minutes", "dans 45 secondes", "5 分後". */
function waitText(locale: string, ms: number): string {
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'always' })
  return ms >= 90_000 ? relative.format(Math.ceil(ms / 60_000), 'minute') : relative.format(Math.ceil(ms / 1000), 'second')
}
