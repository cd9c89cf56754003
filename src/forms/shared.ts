import type { Localization } from './localization.js'

/** Props every drop-in form takes. */
export interface FormProps {
  /** Strings for this form; default: the nearest `<LocalizationProvider>`, else English. */
  localization?: Localization | undefined
  /** Extra class names per part (`form`, `heading`, `field`, `submit`, `message`, `link`). */
  classNames?: Partial<Record<'form' | 'heading' | 'field' | 'submit' | 'message' | 'link', string>> | undefined
  /** Move focus to the heading when shown (set when this form replaces another step). */
  focusOnMount?: boolean | undefined
}

export const here = () => (typeof window === 'undefined' ? undefined : window.location.origin + window.location.pathname)
