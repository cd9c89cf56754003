import { createContext, type ReactNode, useContext } from 'react'
import type { AuthError } from '../core/errors.js'
import type { Localization } from './localization.js'
import { en } from './locales/en.js'

const LocalizationContext = createContext<Localization>(en)

/** Sets the language of every keyward form below it. Forms also take a `localization` prop. */
export function LocalizationProvider({ localization, children }: { localization: Localization; children?: ReactNode }) {
  return <LocalizationContext.Provider value={localization}>{children}</LocalizationContext.Provider>
}

export const useLocalization = (override?: Localization): Localization => {
  const fromContext = useContext(LocalizationContext)
  return override ?? fromContext
}

/** The friendly, localized text for an error: never the server's own words. */
export function errorText(l: Localization, error: AuthError | null | undefined): string | null {
  if (!error) return null
  return l.errors[error.code] ?? l.errors.unknown
}
