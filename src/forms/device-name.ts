import Bowser from 'bowser'
import { format, type Localization } from './localization.js'

// Loaded by <Sessions /> alone, on demand: the user-agent parser (bowser) is not in any other form's bytes.

/**
 * A device as a person names it, from the user agent the server recorded: "Firefox on Linux",
 * "Safari on iPhone", "Chrome on Android". `null` where the string says nothing usable.
 */
export function deviceName(userAgent: string, l: Pick<Localization, 'sessions'>): string | null {
  const { browser, os, platform } = Bowser.parse(userAgent)
  // the device's own name where the platform has one (iPhone, iPad, Pixel 8), else the system's
  const system = platform.model && /^(iPhone|iPad|iPod)$/.test(platform.model) ? platform.model : os.name
  if (browser.name && system) return format(l.sessions.deviceOn, { browser: browser.name, os: system })
  return browser.name ?? system ?? null
}
