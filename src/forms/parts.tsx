import {
  type ComponentPropsWithoutRef,
  createContext,
  forwardRef,
  type ReactNode,
  type Ref,
  type SyntheticEvent,
  useContext,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react'
import { get, useFormContext, useFormState } from 'react-hook-form'

// The parts every keyward form is built from, and that an app can build its own from. Like Radix
// primitives: each renders one element, forwards its ref, spreads the rest of its props onto the
// element, and runs the app's event handlers first (`event.preventDefault()` there skips keyward's).
// Each carries a `data-keyward-*` attribute and, where it has one, a `data-state` from the
// vocabulary below, for styling.

/** `data-state` of a form (`Form`, and the `data-keyward-form` cards of steps without fields). */
export type FormState = 'idle' | 'submitting' | 'error' | 'success'
/** `data-state` of a `Field`. */
export type FieldState = 'valid' | 'invalid'
/** `data-state` of a `SubmitButton` and the other action buttons. */
export type ButtonState = 'idle' | 'submitting'
/** `data-state` of a `Message`. */
export type MessageState = 'visible' | 'empty'

/** Calls the app's handler, then keyward's unless the app's called `preventDefault()`. */
export function composeHandlers<E extends SyntheticEvent>(theirs: ((event: E) => void) | undefined, ours: (event: E) => void) {
  return (event: E) => {
    theirs?.(event)
    if (!event.defaultPrevented) ours(event)
  }
}

/** Sets every ref it is given. */
function useMergedRef<T>(...refs: (Ref<T> | undefined)[]) {
  return (element: T | null) => {
    for (const ref of refs) {
      if (typeof ref === 'function') ref(element)
      else if (ref) (ref as { current: T | null }).current = element
    }
  }
}

// a layout effect in the browser; React 18 warns about one while rendering on a server
const useBeforePaint = typeof document === 'undefined' ? useEffect : useLayoutEffect

const SubmittingContext = createContext(false)

export type FormPartProps = ComponentPropsWithoutRef<'form'> & {
  state?: FormState | undefined
  /** The step of a multi-step form (`mfa`, `verify-email`, …), as `data-step`. */
  step?: string | undefined
  /** Shown first, in a `data-keyward-header` element: the app's logo or name. */
  header?: ReactNode
}

const header = (content: ReactNode) => content != null && content !== false && <div data-keyward-header="">{content}</div>

/** A `<form>` (no browser validation bubbles: keyward's messages are localized and accessible). */
export const Form = forwardRef<HTMLFormElement, FormPartProps>(function Form({ state = 'idle', step, header: top, children, ...rest }, ref) {
  return (
    <SubmittingContext.Provider value={state === 'submitting'}>
      <form ref={ref} noValidate data-keyward-form="" data-state={state} data-step={step} {...rest}>
        {header(top)}
        {children}
      </form>
    </SubmittingContext.Provider>
  )
})

export type CardProps = ComponentPropsWithoutRef<'div'> & { state?: FormState | undefined; step?: string | undefined; header?: ReactNode }

/** A step without fields (a confirmation, an end state), in the same card as the forms. */
export const Card = forwardRef<HTMLDivElement, CardProps>(function Card({ state = 'idle', step, header: top, children, ...rest }, ref) {
  return (
    <div ref={ref} data-keyward-form="" data-state={state} data-step={step} {...rest}>
      {header(top)}
      {children}
    </div>
  )
})

export type HeadingProps = ComponentPropsWithoutRef<'h2'> & {
  /** The heading level, for the app's outline. Default 2. */
  level?: 1 | 2 | 3 | 4 | 5 | 6 | undefined
  /** Take focus when shown: set when this step replaces another, so screen readers follow. */
  focusOnMount?: boolean | undefined
}

/** The step's heading. */
export const Heading = forwardRef<HTMLHeadingElement, HeadingProps>(function Heading({ level = 2, focusOnMount, ...rest }, ref) {
  const own = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (focusOnMount) own.current?.focus()
  }, [focusOnMount])
  const Tag = `h${level}` as 'h2'
  return <Tag ref={useMergedRef(own, ref)} tabIndex={-1} data-keyward-heading="" {...rest} />
})

interface FieldIds {
  name: string
  inputId: string
  errorId: string
  descriptionId: string
  hasDescription: boolean
  /** The description gives way to an error (`described="until-error"`). */
  untilError: boolean
}

// Two contexts: the ids never change, so a `Label` never re-renders as the user types; the error
// changes only when the verdict does, re-rendering the `Field`, its `Input` and its `FieldError`.
const FieldContext = createContext<FieldIds | null>(null)
const FieldErrorContext = createContext<string | null>(null)
// named in React DevTools; an app's production build (process.env.NODE_ENV, which React itself needs) drops it
if (process.env.NODE_ENV !== 'production') {
  SubmittingContext.displayName = 'KeywardSubmitting'
  FieldContext.displayName = 'KeywardField'
  FieldErrorContext.displayName = 'KeywardFieldError'
}

function useField(part: string): FieldIds {
  const field = useContext(FieldContext)
  if (!field) throw new Error(`<${part}> must be inside a <Field>`)
  return field
}

export type FieldProps = ComponentPropsWithoutRef<'div'> & {
  /** The form value this field holds (react-hook-form's field name). */
  name: string
  /** Whether the field has a `FieldDescription` (joined into the input's `aria-describedby`); `'until-error'`: only while it shows no error. */
  described?: boolean | 'until-error' | undefined
}

/**
 * Ties a `Label`, an `Input`, a `FieldDescription` and a `FieldError` together: ids, `htmlFor`,
 * `aria-invalid`, `aria-describedby`. Reads the error of its field from the surrounding
 * react-hook-form (`FormProvider`), so it works inside an app's own form too; re-renders only when
 * that field's error changes.
 */
export const Field = forwardRef<HTMLDivElement, FieldProps>(function Field({ name, described = false, children, onFocus, onBlur, ...rest }, ref) {
  const id = useId()
  const { errors, submitCount } = useFormState({ name })
  const verdict = (get(errors, name) as { message?: string } | undefined)?.message || null
  // Nothing moves under the pointer while a field is fixed. The verdict changes as the user types
  // ("Fill in this field." → "Enter an email address like…" → none); while the field has the focus a
  // message may only go away, a new one waits for the next submit or for the user to leave the
  // field. And the field keeps the tallest height it had since the last submit (set before the
  // browser paints), so a message that goes away leaves its space; the next submit frees it.
  const focused = useRef(false)
  const [seen, setSeen] = useState({ verdict, submitCount, shown: verdict })
  let error = seen.shown
  if (seen.verdict !== verdict || seen.submitCount !== submitCount) {
    error = seen.submitCount !== submitCount || !focused.current || verdict === seen.shown ? verdict : null
    setSeen({ verdict, submitCount, shown: error })
  }
  const own = useRef<HTMLDivElement>(null)
  const tallest = useRef(0)
  useBeforePaint(() => {
    const element = own.current
    if (!element) return
    element.style.minHeight = ''
    tallest.current = element.getBoundingClientRect().height
  }, [submitCount])
  useBeforePaint(() => {
    const element = own.current
    if (!element || !submitCount) return
    tallest.current = Math.max(tallest.current, element.getBoundingClientRect().height)
    element.style.minHeight = `${tallest.current}px`
  }, [error, submitCount])
  // the ids stay put while the error comes and goes: only the parts that show it re-render
  const ids = useMemo(
    () => ({ name, inputId: `${id}-input`, errorId: `${id}-error`, descriptionId: `${id}-description`, hasDescription: described !== false, untilError: described === 'until-error' }),
    [name, id, described],
  )
  return (
    <FieldContext.Provider value={ids}>
      <FieldErrorContext.Provider value={error}>
        <div
          ref={useMergedRef(own, ref)}
          data-keyward-field=""
          data-state={error ? 'invalid' : 'valid'}
          {...rest}
          onFocus={composeHandlers(onFocus, () => (focused.current = true))}
          onBlur={composeHandlers(onBlur, (event) => {
            if (event.currentTarget.contains(event.relatedTarget as Node | null)) return
            focused.current = false
            // leaving the field: its verdict shows
            setSeen((now) => (now.shown === now.verdict ? now : { ...now, shown: now.verdict }))
          })}
        >
          {children}
        </div>
      </FieldErrorContext.Provider>
    </FieldContext.Provider>
  )
})

/** The field's label. */
export const Label = forwardRef<HTMLLabelElement, ComponentPropsWithoutRef<'label'>>(function Label(props, ref) {
  const field = useField('Label')
  return <label ref={ref} htmlFor={field.inputId} data-keyward-label="" {...props} />
})

export type InputProps = ComponentPropsWithoutRef<'input'>

/** The field's input, registered with the surrounding react-hook-form under the field's name. */
export const Input = forwardRef<HTMLInputElement, InputProps>(function Input({ onChange, onBlur, type = 'text', ...rest }, ref) {
  const field = useField('Input')
  const error = useContext(FieldErrorContext)
  const { ref: register, onChange: change, onBlur: blur, name } = useFormContext().register(field.name)
  // a hint that says what an error would say again gives way to it (FieldError shows one or the other)
  const hinted = field.hasDescription && !(field.untilError && error)
  const described = [rest['aria-describedby'], hinted ? field.descriptionId : null, error ? field.errorId : null].filter(Boolean).join(' ')
  return (
    <input
      id={field.inputId}
      type={type}
      spellCheck={false}
      autoCapitalize={type === 'text' ? undefined : 'none'}
      data-keyward-input=""
      {...rest}
      ref={useMergedRef(ref, register)}
      name={name}
      aria-invalid={error ? true : rest['aria-invalid']}
      aria-describedby={described || undefined}
      onChange={composeHandlers(onChange, (event) => void change(event))}
      onBlur={composeHandlers(onBlur, (event) => void blur(event))}
    />
  )
})

/** A hint under the field (set `described` on the `Field`). */
export const FieldDescription = forwardRef<HTMLParagraphElement, ComponentPropsWithoutRef<'p'>>(function FieldDescription(props, ref) {
  const field = useField('FieldDescription')
  return <p ref={ref} id={field.descriptionId} data-keyward-field-description="" {...props} />
})

/**
 * The field's error, when it has one (a localized schema message, or the server's verdict about it).
 * With `hint` (a `Field` `described="until-error"`), the hint until there is an error, in the same place.
 */
export const FieldError = forwardRef<HTMLParagraphElement, ComponentPropsWithoutRef<'p'> & { hint?: ReactNode }>(function FieldError({ children, hint, ...rest }, ref) {
  const field = useField('FieldError')
  const error = useContext(FieldErrorContext)
  if (!error) {
    return hint === undefined ? null : (
      <p ref={ref} id={field.descriptionId} data-keyward-field-description="" {...rest}>
        {hint}
      </p>
    )
  }
  return (
    <p ref={ref} id={field.errorId} data-keyward-field-error="" {...rest}>
      {children ?? error}
    </p>
  )
})

export type TextFieldProps = Omit<InputProps, 'name'> & {
  name: string
  label: ReactNode
  description?: ReactNode
  /** The description says what an error would say again (a password's length rule): an error takes its place. */
  descriptionUntilError?: boolean | undefined
  /** Class name of the field's wrapper (`className` goes to the input). */
  fieldClassName?: string | undefined
  /** Says the field must be filled (`aria-required`); the schema is what checks it. */
  required?: boolean | undefined
}

/** `Field` + `Label` + `Input` (+ `FieldDescription`) + `FieldError`: one labelled input. */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField({ name, label, description, descriptionUntilError = false, fieldClassName, required, ...input }, ref) {
  return (
    <Field name={name} described={description === undefined ? false : descriptionUntilError ? 'until-error' : true} className={fieldClassName}>
      <Label>{label}</Label>
      <Input ref={ref} aria-required={required || undefined} {...input} />
      {description !== undefined && !descriptionUntilError && <FieldDescription>{description}</FieldDescription>}
      <FieldError hint={descriptionUntilError ? description : undefined} />
    </Field>
  )
})

export type SubmitButtonProps = ComponentPropsWithoutRef<'button'> & {
  /** Shown while the form submits. */
  busyLabel?: ReactNode
  /** Default: the surrounding `Form`'s state. */
  submitting?: boolean | undefined
}

/**
 * The form's submit button. While the form submits it says so and ignores presses, but stays
 * focusable (`aria-disabled`, not `disabled`): a disabled button would drop the keyboard focus.
 */
export const SubmitButton = forwardRef<HTMLButtonElement, SubmitButtonProps>(function SubmitButton({ busyLabel, submitting, children, onClick, ...rest }, ref) {
  const formSubmitting = useContext(SubmittingContext)
  const busy = submitting ?? formSubmitting
  return (
    <button
      ref={ref}
      type="submit"
      aria-disabled={busy || undefined}
      aria-busy={busy || undefined}
      data-keyward-submit=""
      data-state={busy ? 'submitting' : 'idle'}
      {...rest}
      onClick={composeHandlers(onClick, (event) => {
        if (busy) event.preventDefault()
      })}
    >
      {busy && busyLabel !== undefined ? busyLabel : children}
    </button>
  )
})

export type MessageProps = ComponentPropsWithoutRef<'div'> & {
  tone: 'error' | 'status'
  /** The localized text; keyward never shows a server's own words. */
  message: string | null
}

/** The form's live region: announces errors and changes politely. Always rendered, so announcements are heard. */
export const Message = forwardRef<HTMLDivElement, MessageProps>(function Message({ tone, message, ...rest }, ref) {
  return (
    <div ref={ref} aria-live="polite" data-keyward-message={tone} data-state={message ? 'visible' : 'empty'} {...rest}>
      {message}
    </div>
  )
})

/** A button that looks like a link ("Forgot password?", "Back"). */
export const LinkButton = forwardRef<HTMLButtonElement, ComponentPropsWithoutRef<'button'>>(function LinkButton(props, ref) {
  return <button ref={ref} type="button" data-keyward-link="" {...props} />
})

/** A secondary action ("Copy", "Send the link again"); while `busy`, presses do nothing but focus stays. */
export const SecondaryButton = forwardRef<HTMLButtonElement, ComponentPropsWithoutRef<'button'> & { busy?: boolean | undefined }>(function SecondaryButton(
  { busy = false, onClick, ...rest },
  ref,
) {
  return (
    <button
      ref={ref}
      type="button"
      aria-disabled={busy || undefined}
      data-keyward-secondary=""
      data-state={busy ? 'submitting' : 'idle'}
      {...rest}
      onClick={busy ? (event) => event.preventDefault() : onClick}
    />
  )
})

/** The "or" between ways to sign in. */
export const Divider = forwardRef<HTMLDivElement, ComponentPropsWithoutRef<'div'>>(function Divider(props, ref) {
  return <div ref={ref} role="separator" data-keyward-divider="" {...props} />
})

/**
 * The account a password form is for, for password managers (Chromium warns about password forms
 * without one). Hidden inline: an app's `input { display: block }` must not reveal it.
 */
export function HiddenUsername({ email }: { email: string }) {
  // hidden inline too: an app's `input { display: block }` would otherwise show it
  return <input type="email" name="username" autoComplete="username" value={email} readOnly hidden style={{ display: 'none' }} data-keyward-username="" />
}
