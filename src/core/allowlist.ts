import { allowedTarget } from './redirect.js'
import { AuthError, AuthErrorCode } from './errors.js'
import * as check from './input.js'

/**
 * Where e-mailed links and OAuth may send the user back to (`allowedRedirects`; default: the page's
 * own origin), and the check every `redirectTo` passes before any request.
 */
export function redirectAllowlist(configured: readonly string[] | undefined) {
  const allowed = (): readonly string[] => configured ?? (typeof location === 'undefined' ? [] : [location.origin])
  return {
    allowed,
    /** `redirectTo` made absolute once it is known to be on the allowlist; absent stays absent. */
    async check(redirectTo: unknown): Promise<string | undefined> {
      if (redirectTo === undefined) return undefined
      const given = check.text(redirectTo, 'redirectTo', 4096)
      // the matcher is loaded when a redirect is checked, not by every app up front
      const absolute = allowedTarget(given, allowed())
      if (!absolute) throw new AuthError(AuthErrorCode.RedirectToNotAllowed, `redirectTo ${given} is not a URL on the allowlist`)
      return absolute
    },
  }
}
