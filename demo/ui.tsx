import { type FormEvent, type ReactNode, useId } from 'react'
import type { AuthError } from 'keyward'

// Plain building blocks for the demo's hand-written forms. The drop-in forms (keyward/forms) come later.

const messages: Partial<Record<string, string>> = {
  'invalid-email-password': 'Wrong e-mail or password.',
  'email-already-in-use': 'An account with this e-mail already exists.',
  'password-too-short': 'Choose a password of at least 9 characters.',
  'invalid-request': 'The server could not accept this. Check what you entered.',
  'unverified-user': 'Verify your e-mail address first: the link is in the outbox below.',
  'invalid-totp': 'That code is not right. Use the current code from your authenticator app.',
  'invalid-ticket': 'This link or step has expired or was already used. Start again.',
  'invalid-otp': 'That code is not right, or it expired.',
  'invalid-pat': 'That personal access token is not valid.',
  'user-not-anonymous': 'This account is not a guest account.',
  'elevation-required': 'Confirm with your passkey first.',
  'redirect_not_allowed': 'That return address is not allowed.',
  passkey_cancelled: 'The passkey prompt was closed.',
  passkey_unsupported: 'This browser cannot use passkeys.',
  passkey_already_registered: 'This device already has a passkey for your account.',
  invalid_input: 'Check what you entered.',
  not_signed_in: 'Sign in first.',
  unsupported: 'This server does not offer that.',
  network_error: 'The server could not be reached. Check your connection and try again.',
  timeout: 'The server took too long to answer. Try again.',
  'rate-limited': 'Too many attempts. Wait a moment and try again.',
}

export const describeError = (error: AuthError) => messages[error.code] ?? `Something went wrong (${error.code}).`

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
