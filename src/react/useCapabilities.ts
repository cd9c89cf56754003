import type { Capabilities } from '../core/backend.js'
import { capabilitiesOf } from '../core/capabilities.js'
import { useAuthClient } from './context.js'

/**
 * What the backend behind the nearest `<AuthProvider>` can do (derived from the operations it has):
 * render a flow only where it exists.
 *
 * @example
 * const { passwordReset } = useCapabilities()
 * {passwordReset && <a href="/forgot">Forgot password?</a>}
 */
export function useCapabilities(): Readonly<Capabilities> {
  return capabilitiesOf(useAuthClient().backend)
}
