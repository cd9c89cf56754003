import { createContext, type Provider, type ReactNode, useContext } from 'react'
import type { Localization } from './localization.js'

/** Props every drop-in form takes. */
export interface FormProps {
  /** Strings for this form; default: the nearest `<LocalizationProvider>`, else English. */
  localization?: Localization | undefined
  /** Extra class names per part (`form`, `heading`, `field`, `submit`, `message`, `link`). */
  classNames?: Partial<Record<'form' | 'heading' | 'field' | 'submit' | 'message' | 'link', string>> | undefined
  /** Move focus to the heading when shown (set when this form replaces another step). */
  focusOnMount?: boolean | undefined
  /** The level of the form's heading, for the app's outline. Default 2. */
  headingLevel?: 1 | 2 | 3 | 4 | 5 | 6 | undefined
  /** Shown at the top of the card, above the heading: the app's logo or name. */
  header?: ReactNode
}

/** What the e-mailed sign-ins (`<EmailCodeSignIn />`, `<EmailLinkSignIn />`) take besides a form's props. */
export interface EmailedSignInProps extends FormProps {
  /** The address to fill in (what the user typed in `<SignIn />`). */
  email?: string | undefined
  /** Shows a "back" link (to the password form, say); omit to hide it. */
  onBack?: (() => void) | undefined
}

/**
 * What a form hands its exported parts (`<SignInEmail />` inside `<SignIn>`): the provider the form
 * renders around its children, and the hook each part reads it with — which says where the part
 * belongs when it is rendered anywhere else.
 */
export function formParts<T>(form: string): { Provider: Provider<T | null>; use(part: string): T } {
  const context = createContext<T | null>(null)
  return {
    Provider: context.Provider,
    use(part) {
      const parts = useContext(context)
      if (!parts) throw new Error(`<${part} /> is a part of <${form} />: render it among <${form}>'s children`)
      return parts
    },
  }
}

export const here = () => (typeof window === 'undefined' ? undefined : window.location.origin + window.location.pathname)

/** `here()` with `?keyward=<purpose>`: the link's purpose, for adapters whose server sends nothing that says it. */
export const landing = (view: string) => {
  const page = here()
  return page === undefined ? undefined : `${page}?keyward=${view}`
}
