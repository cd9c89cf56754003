import { type ComponentPropsWithoutRef, forwardRef } from 'react'
import { useLocalization } from './context.js'
import { format, languageOf, type Localization } from './localization.js'
import { composeHandlers } from './parts.js'
import { landing } from './shared.js'
import { type AuthError, type OAuthProvider, useOAuth } from '../index.js'

// Brand names that capitalizing the id gets wrong (Nhost's provider ids); any other provider reads as
// its id capitalized, or as the `name` the app gives it (`{ id: 'azuread', name: 'Microsoft' }`).
const BRANDS: Readonly<Record<string, string>> = { github: 'GitHub', gitlab: 'GitLab', linkedin: 'LinkedIn' }

/** The name people read for a provider: its `name`, a known brand's spelling, else its id capitalized. */
export const providerName = ({ id, name }: OAuthProvider): string => name ?? BRANDS[id] ?? id.charAt(0).toUpperCase() + id.slice(1)

export type ProviderButtonProps = Omit<ComponentPropsWithoutRef<'button'>, 'onError'> & {
  /** The provider's id (`github`), or `{ id, name, icon }`. */
  provider: string | OAuthProvider
  /**
   * Where the provider sends the browser back (it must be on the server's allowed redirects). Default:
   * this page marked `?keyward=sign-in`, where `<SignIn />` (or `<AuthFlow />`) finishes the sign-in.
   */
  redirectTo?: string | undefined
  /** The provider URL could not be made (a `redirectTo` off the allowlist, offline): show it in your message region. */
  onError?: ((error: AuthError) => void) | undefined
  localization?: Localization | undefined
}

/**
 * "Continue with GitHub": sends the browser to the provider's sign-in. The page the provider returns
 * to finishes the sign-in (`<SignIn />` does on its own landing, or `useOAuth().handleCallback`).
 */
export const ProviderButton = forwardRef<HTMLButtonElement, ProviderButtonProps>(function ProviderButton({ provider, redirectTo, onError, localization, onClick, children, ...rest }, ref) {
  const l = useLocalization(localization)
  const oauth = useOAuth()
  const given = typeof provider === 'string' ? { id: provider } : provider
  return (
    <button
      ref={ref}
      type="button"
      {...languageOf(l)}
      data-keyward-provider={given.id}
      {...rest}
      onClick={composeHandlers(onClick, () => {
        oauth.signIn(given.id, { redirectTo: redirectTo ?? landing('sign-in') }).catch((error: AuthError) => onError?.(error))
      })}
    >
      {given.icon && (
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" data-keyward-provider-icon="">
          <path d={given.icon.path} fill="currentColor" />
        </svg>
      )}
      {children ?? format(l.signIn.continueWith, { provider: providerName(given) })}
    </button>
  )
})
