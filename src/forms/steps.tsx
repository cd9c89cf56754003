import { type ReactNode, useId } from 'react'
import { emailSchema } from './schemas.js'
import { FormProvider } from 'react-hook-form'
import { useLocalization } from './context.js'
import { useAuthForm } from './form.js'
import { Card, Form, type FormState, Heading, Message, SubmitButton, TextField } from './parts.js'
import { languageOf } from './localization.js'
import type { FormProps } from './shared.js'
import { type AuthError } from '../index.js'

// Steps several forms share, built from the parts: a card that says where the user is (a link being
// read, a link sent, a password changed), and a form that asks for an e-mail address only.

type Frame = Pick<FormProps, 'header' | 'headingLevel' | 'classNames' | 'focusOnMount' | 'localization'>

export interface StatusCardProps extends Frame {
  state?: FormState | undefined
  step: string
  title: ReactNode
  /** The card's announced message; absent: no message region. */
  message?: string | null | undefined
  tone?: 'status' | 'error' | undefined
  /** Actions under the message ("Back", "Ask for a new link"). */
  children?: ReactNode
}

/** A step without fields, in the card: its heading takes the focus (a step that replaced another). */
export function StatusCard({ state = 'idle', step, title, message, tone = 'status', children, header, headingLevel, classNames, focusOnMount = true, localization }: StatusCardProps) {
  const l = useLocalization(localization)
  return (
    <Card {...languageOf(l)} header={header} state={state} step={step} className={classNames?.form}>
      <Heading level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
        {title}
      </Heading>
      {message !== undefined && <Message tone={tone} message={message} className={classNames?.message} />}
      {children}
    </Card>
  )
}

export interface EmailFormProps extends Frame, Pick<FormProps, 'localization'> {
  step: string
  title: ReactNode
  /** Why this step: an error the user arrived with (a spent link), shown above the field. */
  reason?: string | null | undefined
  body: ReactNode
  submitLabel: ReactNode
  onSubmit: (email: string) => Promise<unknown>
  /** The request's error (shown after the field, or under it where it is about the address). */
  error: AuthError | null
  /** Said once the request went out (where the form stays). */
  sent?: string | null | undefined
  children?: ReactNode
}

/** One e-mail field and a button (forgot password, a new verification link). */
export function EmailForm({ step, title, reason, body, submitLabel, onSubmit, error, sent = null, children, localization, header, headingLevel, classNames, focusOnMount }: EmailFormProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const { form, submit, regionText } = useAuthForm({ l, defaultValues: { email: '' }, schema: emailSchema })
  return (
    <FormProvider {...form}>
      <Form
        {...languageOf(l)}
        header={header}
        state={form.formState.isSubmitting ? 'submitting' : error || reason ? 'error' : sent ? 'success' : 'idle'}
        step={step}
        aria-labelledby={headingId}
        onSubmit={submit(({ email }) => onSubmit(email))}
        className={classNames?.form}
      >
        <Heading id={headingId} level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
          {title}
        </Heading>
        {reason !== undefined && <Message tone="error" message={reason} className={classNames?.message} />}
        <p data-keyward-text="">{body}</p>
        <TextField required name="email" label={l.fields.email} type="email" autoComplete="username" inputMode="email" fieldClassName={classNames?.field} />
        <Message tone={error ? 'error' : 'status'} message={error ? regionText(error) : sent} className={classNames?.message} />
        <SubmitButton busyLabel={l.common.submitting} className={classNames?.submit}>
          {submitLabel}
        </SubmitButton>
        {children}
      </Form>
    </FormProvider>
  )
}
