import { type ReactNode, useId } from 'react'
import { changePasswordSchema, newPasswordSchema, newPasswordWithCodeSchema } from './schemas.js'
import { FormProvider } from 'react-hook-form'
import { useLocalization } from './context.js'
import { languageOf } from './localization.js'
import { passwordHint, useAuthForm } from './form.js'
import { Form, Heading, HiddenUsername, Message, SubmitButton, TextField } from './parts.js'
import type { FormProps } from './shared.js'
import { type AuthError, useFormRules } from '../index.js'

// The form that sets a new password: the page a reset link opens (`<ResetPassword />`) and the
// signed-in change (`<ChangePassword />`) are this form with their own fields and actions.

export interface NewPasswordFormProps extends FormProps {
  title: string
  submitLabel: string
  /** Ask for the current password too (where the backend's change needs it). */
  current: boolean
  /** The account's e-mail, for password managers (a hidden username field). */
  username: string | null | undefined
  /** Ask for the authenticator's code too (a reset whose link signed in halfway). */
  code?: boolean | undefined
  onSubmit: (values: { newPassword: string; currentPassword?: string | undefined; code?: string | undefined }) => Promise<unknown>
  error: AuthError | null
  /** Another way to finish, after the submit button (a reset's "Create a passkey instead"). */
  alternative?: ReactNode
}

export function NewPasswordForm({ title, submitLabel, current, code = false, username, onSubmit, error, alternative, localization, classNames, focusOnMount, headingLevel, header }: NewPasswordFormProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const policy = useFormRules().passwordPolicy
  const schema = current ? changePasswordSchema : code ? newPasswordWithCodeSchema : newPasswordSchema
  const { form, submit, regionText } = useAuthForm<{ newPassword: string; currentPassword?: string; code?: string }>({
    l,
    defaultValues: current ? { currentPassword: '', newPassword: '' } : code ? { newPassword: '', code: '' } : { newPassword: '' },
    schema,
    policy: { fields: ['newPassword'], ...policy },
    // the server's "wrong e-mail or password" is about the current password here
    describe: (e) => (current && e.code === 'invalid-email-password' ? l.changePassword.wrongCurrent : undefined),
  })
  return (
    <FormProvider {...form}>
      <Form
        {...languageOf(l)}
        header={header}
        state={form.formState.isSubmitting ? 'submitting' : error ? 'error' : 'idle'}
        step="new-password"
        aria-labelledby={headingId}
        onSubmit={submit((values) => onSubmit(values.code === undefined ? values : { ...values, code: values.code.replace(/\s/g, '') }))}
        className={classNames?.form}
      >
        <Heading id={headingId} level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
          {title}
        </Heading>
        {/* password managers file the new password under this account */}
        {username && <HiddenUsername email={username} />}
        {current && <TextField required name="currentPassword" label={l.fields.currentPassword} type="password" autoComplete="current-password" fieldClassName={classNames?.field} />}
        <TextField required name="newPassword" label={l.fields.newPassword} type="password" autoComplete="new-password" description={passwordHint(l, policy)} descriptionUntilError fieldClassName={classNames?.field} />
        {code && (
          <TextField required name="code" label={l.fields.code} description={l.mfa.challengeBody} autoComplete="one-time-code" inputMode="numeric" fieldClassName={classNames?.field} />
        )}
        <Message tone="error" message={regionText(error)} className={classNames?.message} />
        <SubmitButton busyLabel={l.common.submitting} className={classNames?.submit}>
          {submitLabel}
        </SubmitButton>
        {alternative}
      </Form>
    </FormProvider>
  )
}
