import { useLocalization } from './context.js'
import { enAccount } from './locales/en.js'
import { LinkButton } from './parts.js'
import type { FormProps } from './shared.js'
import { StatusCard } from './steps.js'
import { useChangePassword, useFormRules, useUser } from '../index.js'
import { NewPasswordForm } from './NewPasswordForm.js'

/** Changes the signed-in user's password: asks for the current one where the backend needs it (a passkey confirms it first where the server asks). */
export function ChangePassword(props: FormProps) {
  const l = useLocalization(props.localization, enAccount)
  const user = useUser()
  const needsCurrent = useFormRules().changePasswordNeedsCurrent
  const change = useChangePassword().changePassword
  if (change.isSuccess) {
    return (
      <StatusCard localization={l} header={props.header} headingLevel={props.headingLevel} classNames={props.classNames} state="success" step="done" title={l.changePassword.title} message={l.password.changed}>
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
