import { type FormEvent, type ReactNode, useId } from 'react'
import type { AuthError } from 'keyward'
import { en, errorText } from 'keyward/forms'

// Plain building blocks for the demo's hand-written forms. The drop-in forms (keyward/forms) come later.

// the same friendly, localized texts the drop-in forms use
export const describeError = (error: AuthError) => errorText(en, error)

export function ErrorMessage({ error }: { error: AuthError | null | undefined }) {
  return <p role="alert">{error ? describeError(error) : null}</p>
}

export function Field(props: { label: string; name: string; type?: string; autoComplete?: string; inputMode?: 'numeric' | 'tel' | 'email'; required?: boolean }) {
  const id = useId()
  return (
    <>
      <label htmlFor={id}>{props.label}</label>
      <input id={id} name={props.name} type={props.type ?? 'text'} autoComplete={props.autoComplete} inputMode={props.inputMode} required={props.required ?? true} />
    </>
  )
}

/** A form that hands its fields to `onSubmit` as strings. */
export function Form(props: { title: string; submit: string; pending?: boolean; onSubmit: (fields: Record<string, string>) => void; error?: AuthError | null; children?: ReactNode }) {
  const id = useId()
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    props.onSubmit(Object.fromEntries([...new FormData(event.currentTarget)].map(([k, v]) => [k, String(v)])))
  }
  return (
    <form onSubmit={submit} aria-labelledby={id}>
      <h3 id={id}>{props.title}</h3>
      {props.children}
      <button type="submit" disabled={props.pending}>
        {props.pending ? 'Working…' : props.submit}
      </button>
      <ErrorMessage error={props.error} />
    </form>
  )
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId()
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  )
}

/** Swallows the rejection: the hook's `error` already shows it. */
export const quietly = (promise: Promise<unknown>) => void promise.catch(() => {})
