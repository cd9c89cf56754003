import { useId } from 'react'
import { FormProvider } from 'react-hook-form'
import type { AuthError } from '../core/errors.js'
import { useChangePassword, usePasswordReset } from '../react/useAccount.js'
import { useFormRules } from '../react/useCapabilities.js'
import { useUser } from '../react/useSession.js'
import { useAuthLink } from '../react/useAuthLink.js'
import { useLocalization } from './context.js'
import { enAccount } from './locales/en.js'
import { passwordHint, type SchemaSource, useAuthForm } from './form.js'
import { Form, Heading, LinkButton, Message, SubmitButton, TextField } from './parts.js'
import type { FormProps } from './shared.js'
import { StatusCard } from './steps.js'

// The forms that set a new password: the page a reset link opens, and the signed-in change.

interface NewPasswordFormProps extends FormProps {
  title: string
  submitLabel: string
  /** Ask for the current password too (where the backend's change needs it). */
  current: boolean
  /** The account's e-mail, for password managers (a hidden username field). */
  username: string | null | undefined
  onSubmit: (values: { newPassword: string; currentPassword?: string | undefined }) => Promise<unknown>
  error: AuthError | null
}

function NewPasswordForm({ title, submitLabel, current, username, onSubmit, error, localization, classNames, focusOnMount, headingLevel, header }: NewPasswordFormProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const policy = useFormRules().passwordPolicy
  const schema: SchemaSource = current ? (s) => s.changePasswordSchema : (s) => s.newPasswordSchema
  const { form, submit, regionText } = useAuthForm<{ newPassword: string; currentPassword?: string }>({
    l,
    defaultValues: current ? { currentPassword: '', newPassword: '' } : { newPassword: '' },
    schema,
    policy: { fields: ['newPassword'], ...policy },
    // the server's "wrong e-mail or password" is about the current password here
    describe: (e) => (current && e.code === 'invalid-email-password' ? l.changePassword.wrongCurrent : undefined),
  })
  return (
    <FormProvider {...form}>
      <Form
        header={header}
        state={form.formState.isSubmitting ? 'submitting' : error ? 'error' : 'idle'}
        step="new-password"
        aria-labelledby={headingId}
        onSubmit={submit((values) => onSubmit(values))}
        className={classNames?.form}
      >
        <Heading id={headingId} level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
          {title}
        </Heading>
        {/* password managers file the new password under this account */}
        {username && <HiddenUsername email={username} />}
        {current && <TextField name="currentPassword" label={l.fields.currentPassword} type="password" autoComplete="current-password" fieldClassName={classNames?.field} />}
        <TextField name="newPassword" label={l.fields.newPassword} type="password" autoComplete="new-password" description={passwordHint(l, policy)} descriptionUntilError fieldClassName={classNames?.field} />
        <Message tone="error" message={regionText(error)} className={classNames?.message} />
        <SubmitButton busyLabel={l.common.submitting} className={classNames?.submit}>
          {submitLabel}
        </SubmitButton>
      </Form>
    </FormProvider>
  )
}

export interface ResetPasswordProps extends FormProps {
  /** After the new password is saved (`<AuthFlow />` moves to sign-in). Default: the form says it is done. */
  onDone?: (() => void) | undefined
  /** Shows "Ask for a new link" where the link is spent or expired (`<AuthFlow />`: the forgot-password view). */
  onRequestNewLink?: (() => void) | undefined
}

/**
 * The page the reset link opens: once core has read the link (it keeps the link's ticket, or the
 * session Nhost's link opens), asks for the new password. Opened without a link, or with a spent or
 * expired one, it says so (and offers a new link where `onRequestNewLink` is given).
 */
export function ResetPassword({ onDone, onRequestNewLink, ...props }: ResetPasswordProps) {
  const l = useLocalization(props.localization)
  const user = useUser()
  const link = useAuthLink()
  const { complete } = usePasswordReset()
  const frame = { header: props.header, headingLevel: props.headingLevel, classNames: props.classNames }
  const title = l.resetPassword.title
  if (complete.isSuccess) return <StatusCard {...frame} state="success" step="done" title={title} message={l.password.changed} />
  if (link.status === 'reading' && link.purpose === 'reset-password') return <StatusCard {...frame} focusOnMount={props.focusOnMount} step="checking" title={title} message={l.common.submitting} />
  const asked = link.status === 'done' && link.result.kind === 'new-password' ? link.result : null
  if (!asked) {
    return (
      <StatusCard {...frame} state="error" step="invalid-link" title={title} message={l.resetPassword.invalidLink} tone="error">
        {onRequestNewLink && (
          <LinkButton onClick={onRequestNewLink} className={props.classNames?.link}>
            {l.resetPassword.requestNew}
          </LinkButton>
        )}
      </StatusCard>
    )
  }
  return (
    <NewPasswordForm
      {...props}
      title={l.resetPassword.title}
      submitLabel={l.resetPassword.submit}
      current={false}
      username={asked.email ?? user?.email}
      error={complete.error}
      onSubmit={async ({ newPassword }) => {
        await complete.mutateAsync({ newPassword })
        onDone?.()
      }}
    />
  )
}

/** Changes the signed-in user's password: asks for the current one where the backend needs it (a passkey confirms it first where the server asks). */
export function ChangePassword(props: FormProps) {
  const l = useLocalization(props.localization, enAccount)
  const user = useUser()
  const needsCurrent = useFormRules().changePasswordNeedsCurrent
  const change = useChangePassword()
  if (change.isSuccess) {
    return (
      <StatusCard header={props.header} headingLevel={props.headingLevel} classNames={props.classNames} state="success" step="done" title={l.changePassword.title} message={l.password.changed}>
        <LinkButton onClick={() => change.reset()} className={props.classNames?.link}>
          {l.common.back}
        </LinkButton>
      </StatusCard>
    )
  }
  return (
    <NewPasswordForm
      {...props}
      localization={l}
      title={l.changePassword.title}
      submitLabel={l.changePassword.submit}
      current={needsCurrent}
      username={user?.email}
      error={change.error}
      onSubmit={(values) => change.mutateAsync(values)}
    />
  )
}

/**
 * The account a password form is for, for password managers (Chromium warns about password forms
 * without one). Hidden inline: an app's `input { display: block }` must not reveal it.
 */
export function HiddenUsername({ email }: { email: string }) {
  // hidden inline too: an app's `input { display: block }` would otherwise show it
  return <input type="email" name="username" autoComplete="username" value={email} readOnly hidden style={{ display: 'none' }} data-keyward-username="" />
}
