import { useId } from 'react'
import { FormProvider } from 'react-hook-form'
import { usePasswordReset } from '../react/useAccount.js'
import { useLocalization } from './context.js'
import { useAuthForm } from './form.js'
import { Card, Form, Heading, LinkButton, Message, SubmitButton, TextField } from './parts.js'
import { type FormProps, here } from './shared.js'

export interface ForgotPasswordProps extends FormProps {
  /** Where the e-mailed link leads (the page with `<ResetPassword />`). Default: this page. */
  redirectTo?: string | undefined
  onBack?: (() => void) | undefined
}

/** Asks for the e-mail address and sends a reset link. Says the same whether the account exists. */
export function ForgotPassword({ redirectTo, onBack, localization, classNames, focusOnMount, headingLevel, header }: ForgotPasswordProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const { request } = usePasswordReset()
  const { form, submit, regionText } = useAuthForm({ l, defaultValues: { email: '' }, schema: (s) => s.emailSchema })
  const back = onBack && (
    <LinkButton onClick={onBack} className={classNames?.link}>
      {l.common.back}
    </LinkButton>
  )
  if (request.isSuccess) {
    return (
      <Card header={header} state="success" step="sent" className={classNames?.form}>
        <Heading level={headingLevel} focusOnMount className={classNames?.heading}>
          {l.forgotPassword.sentTitle}
        </Heading>
        <Message tone="status" message={l.forgotPassword.sent} className={classNames?.message} />
        {back}
      </Card>
    )
  }
  return (
    <FormProvider {...form}>
      <Form header={header}
        state={form.formState.isSubmitting ? 'submitting' : request.error ? 'error' : 'idle'}
        step="email"
        aria-labelledby={headingId}
        onSubmit={submit(({ email }) => request.mutateAsync({ email, redirectTo: redirectTo ?? here() }))}
        className={classNames?.form}
      >
        <Heading id={headingId} level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
          {l.forgotPassword.title}
        </Heading>
        <p data-keyward-text="">{l.forgotPassword.body}</p>
        <TextField name="email" label={l.fields.email} type="email" autoComplete="username" inputMode="email" fieldClassName={classNames?.field} />
        <Message tone="error" message={regionText(request.error)} className={classNames?.message} />
        <SubmitButton busyLabel={l.common.submitting} className={classNames?.submit}>
          {l.forgotPassword.submit}
        </SubmitButton>
        {back}
      </Form>
    </FormProvider>
  )
}
