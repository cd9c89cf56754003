import { type ComponentPropsWithoutRef, type ReactNode, useEffect, useRef } from 'react'

// The parts every keyward form is built from. Each renders one element, carries a
// `data-keyward-*` attribute (and `data-state` where it has one) for styling, and takes a className.

type Field = {
  id: string
  name: string
  errorId: string
  error: string | null
  ref: (element: HTMLInputElement | null) => void
  onBlur: (event: { currentTarget: HTMLInputElement }) => void
}

export function FormRoot({ state, className, children, ...rest }: ComponentPropsWithoutRef<'form'> & { state: string }) {
  return (
    <form noValidate data-keyward-form="" data-state={state} className={className} {...rest}>
      {children}
    </form>
  )
}

/** The step's heading; takes focus when a step replaces another, so screen readers follow. */
export function StepHeading({ children, focus, className, id }: { children: ReactNode; focus?: boolean | undefined; className?: string | undefined; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (focus) ref.current?.focus()
  }, [focus])
  return (
    <h2 ref={ref} id={id} tabIndex={-1} data-keyward-heading="" className={className}>
      {children}
    </h2>
  )
}

export function TextField({
  field,
  label,
  type = 'text',
  autoComplete,
  inputMode,
  className,
}: {
  field: Field
  label: string
  type?: 'text' | 'email' | 'password' | 'tel'
  autoComplete: string
  inputMode?: 'numeric' | 'email' | 'tel' | 'text' | undefined
  className?: string | undefined
}) {
  return (
    <div data-keyward-field="" data-state={field.error ? 'invalid' : 'valid'} className={className}>
      <label htmlFor={field.id} data-keyward-label="">
        {label}
      </label>
      <input
        ref={field.ref}
        id={field.id}
        name={field.name}
        type={type}
        autoComplete={autoComplete}
        inputMode={inputMode}
        spellCheck={false}
        autoCapitalize={type === 'text' ? undefined : 'none'}
        aria-invalid={field.error ? true : undefined}
        aria-describedby={field.error ? field.errorId : undefined}
        onBlur={field.onBlur}
        data-keyward-input=""
      />
      {field.error && (
        <p id={field.errorId} data-keyward-field-error="">
          {field.error}
        </p>
      )}
    </div>
  )
}

export function SubmitButton({ submitting, label, busyLabel, className }: { submitting: boolean; label: string; busyLabel: string; className?: string | undefined }) {
  return (
    <button type="submit" disabled={submitting} aria-busy={submitting || undefined} data-keyward-submit="" data-state={submitting ? 'submitting' : 'idle'} className={className}>
      {submitting ? busyLabel : label}
    </button>
  )
}

/** Announces server errors and step changes politely; the text is always keyward's, localized. */
export function LiveRegion({ message, tone, className }: { message: string | null; tone: 'error' | 'status'; className?: string | undefined }) {
  return (
    <div aria-live="polite" data-keyward-message={tone} data-state={message ? 'visible' : 'empty'} className={className}>
      {message}
    </div>
  )
}

export function LinkButton({ children, onClick, className }: { children: ReactNode; onClick: () => void; className?: string | undefined }) {
  return (
    <button type="button" data-keyward-link="" onClick={onClick} className={className}>
      {children}
    </button>
  )
}
