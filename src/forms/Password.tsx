import { useEffect, useId } from 'react'
import { usePasswordReset, useChangePassword } from '../react/useAccount.js'
import { errorText, useLocalization } from './context.js'
import { FormRoot, LinkButton, LiveRegion, StepHeading, SubmitButton, TextField } from './parts.js'
import { type FormProps, here } from './shared.js'
import { useFormFields } from './useFormFields.js'

export interface ForgotPasswordProps extends FormProps {
  /** Where the e-mailed link leads (the page with `<ResetPassword />`). Default: this page. */
  redirectTo?: string | undefined
  onBack?: (() => void) | undefined
}

/** Asks for the e-mail address and sends a reset link. Says the same whether the account exists. */
export function ForgotPassword({ redirectTo, onBack, localization, classNames, focusOnMount }: ForgotPasswordProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const { request } = usePasswordReset()
  const { field, handleSubmit, submitting } = useFormFields({ email: 'email' }, l)
  const submit = handleSubmit(({ email }) => request.mutateAsync({ email, redirectTo: redirectTo ?? here() }))
  const back = onBack && (
    <LinkButton onClick={onBack} className={classNames?.link}>
      {l.common.back}
    </LinkButton>
  )
  if (request.isSuccess) {
    return (
      <div data-keyward-form="" data-state="sent" className={classNames?.form}>
        <StepHeading focus className={classNames?.heading}>
          {l.forgotPassword.title}
        </StepHeading>
        <LiveRegion tone="status" message={l.forgotPassword.sent} className={classNames?.message} />
        {back}
      </div>
    )
  }
  return (
    <FormRoot state={submitting ? 'submitting' : request.error ? 'error' : 'idle'} aria-labelledby={headingId} onSubmit={submit} className={classNames?.form}>
      <StepHeading id={headingId} focus={focusOnMount} className={classNames?.heading}>
        {l.forgotPassword.title}
      </StepHeading>
      <p data-keyward-text="">{l.forgotPassword.body}</p>
      <TextField field={field('email')} label={l.fields.email} type="email" autoComplete="username" inputMode="email" className={classNames?.field} />
      <LiveRegion tone="error" message={errorText(l, request.error)} className={classNames?.message} />
      <SubmitButton submitting={submitting} label={l.forgotPassword.submit} busyLabel={l.common.submitting} className={classNames?.submit} />
      {back}
    </FormRoot>
  )
}

function NewPasswordForm(props: FormProps & { title: string; submitLabel: string; onSubmit: (newPassword: string) => Promise<unknown>; error: Parameters<typeof errorText>[1] }) {
  const l = useLocalization(props.localization)
  const headingId = useId()
  const { field, handleSubmit, submitting } = useFormFields({ newPassword: 'newPassword' }, l)
  return (
    <FormRoot state={submitting ? 'submitting' : props.error ? 'error' : 'idle'} aria-labelledby={headingId} onSubmit={handleSubmit(({ newPassword }) => props.onSubmit(newPassword))} className={props.classNames?.form}>
      <StepHeading id={headingId} focus={props.focusOnMount} className={props.classNames?.heading}>
        {props.title}
      </StepHeading>
      <TextField field={field('newPassword')} label={l.fields.newPassword} type="password" autoComplete="new-password" className={props.classNames?.field} />
      <LiveRegion tone="error" message={errorText(l, props.error)} className={props.classNames?.message} />
      <SubmitButton submitting={submitting} label={props.submitLabel} busyLabel={l.common.submitting} className={props.classNames?.submit} />
    </FormRoot>
  )
}

export interface ResetPasswordProps extends FormProps {
  onDone?: (() => void) | undefined
}

/**
 * The page the reset link opens: reads the link (it signs the user in, or carries a ticket), then asks
 * for the new password.
 */
export function ResetPassword({ onDone, ...props }: ResetPasswordProps) {
  const l = useLocalization(props.localization)
  const { handleRedirect, complete } = usePasswordReset()
  useEffect(() => {
    handleRedirect.mutate()
  }, []) // eslint-disable-line react-hooks/exhaustive-deps -- once, on arrival
  const landed = handleRedirect.data
  if (handleRedirect.isPending || handleRedirect.isIdle) return <LiveRegion tone="status" message={l.common.submitting} className={props.classNames?.message} />
  if (handleRedirect.error || !landed) return <LiveRegion tone="error" message={l.resetPassword.invalidLink} className={props.classNames?.message} />
  if (complete.isSuccess) return <LiveRegion tone="status" message={l.resetPassword.done} className={props.classNames?.message} />
  const ticket = landed.kind === 'ticket' ? landed.ticket : undefined
  return (
    <NewPasswordForm
      {...props}
      title={l.resetPassword.title}
      submitLabel={l.resetPassword.submit}
      error={complete.error}
      onSubmit={async (newPassword) => {
        await complete.mutateAsync({ newPassword, ticket })
        onDone?.()
      }}
    />
  )
}

/** Changes the signed-in user's password (a passkey confirms it first when the server asks). */
export function ChangePassword(props: FormProps) {
  const l = useLocalization(props.localization)
  const change = useChangePassword()
  if (change.isSuccess) return <LiveRegion tone="status" message={l.changePassword.done} className={props.classNames?.message} />
  return <NewPasswordForm {...props} title={l.changePassword.title} submitLabel={l.changePassword.submit} error={change.error} onSubmit={(newPassword) => change.mutateAsync({ newPassword })} />
}
