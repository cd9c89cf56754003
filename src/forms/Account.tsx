import { useId } from 'react'
import { FormProvider } from 'react-hook-form'
import { Avatar } from './Avatar.js'
import { ChangePassword } from './ChangePassword.js'
import { useLocalization } from './context.js'
import { useAuthForm } from './form.js'
import { enAccount } from './locales/en.js'
import { format, languageOf } from './localization.js'
import { MfaSetup } from './MfaSetup.js'
import { Card, Form, Heading, HiddenUsername, Message, SubmitButton, TextField } from './parts.js'
import { Passkeys, type PasskeysProps } from './Passkeys.js'
import { changeEmailSchema, confirmSchema, currentPasswordSchema } from './schemas.js'
import { Sessions } from './Sessions.js'
import { type FormProps, landing } from './shared.js'
import { type Capabilities, useAuthLink, useCapabilities, useChangeEmail, useDeleteAccount, useFormRules, useUser } from '../index.js'

/** Who is signed in: picture or initials, name, address (verified or not), phone, since when. */
export function Profile({ localization, classNames, focusOnMount, headingLevel, header }: FormProps) {
  const l = useLocalization(localization, enAccount)
  const user = useUser()
  const headingId = useId()
  if (!user) return null
  const since = user.createdAt ? new Date(user.createdAt) : null
  return (
    <Card {...languageOf(l)} header={header} step="profile" role="group" aria-labelledby={headingId} className={classNames?.form}>
      <Heading id={headingId} level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
        {l.profile.title}
      </Heading>
      <div data-keyward-user-identity="">
        <Avatar user={user} />
        <span>
          {user.displayName && user.displayName !== user.email && <span data-keyward-user-name="">{user.displayName}</span>}
          {user.email && (
            <span>
              {user.email} <span data-keyward-badge="" data-state={user.emailVerified ? 'verified' : 'unverified'}>{user.emailVerified ? l.profile.verified : l.profile.unverified}</span>
            </span>
          )}
          {user.phoneNumber && <span>{user.phoneNumber}</span>}
          {since && !Number.isNaN(since.getTime()) && (
            <span data-keyward-text="">{format(l.profile.memberSince, { date: new Intl.DateTimeFormat(l.locale, { dateStyle: 'long' }).format(since) })}</span>
          )}
        </span>
      </div>
    </Card>
  )
}

export interface ChangeEmailProps extends FormProps {
  /** Where the confirmation link leads. Default: this page, which reads it (`useAuthLink()`). */
  redirectTo?: string | undefined
}

/** Changes the signed-in user's address: a confirmation link goes to the new one (where the backend can). */
export function ChangeEmail({ redirectTo, localization, classNames, focusOnMount, headingLevel, header }: ChangeEmailProps) {
  const l = useLocalization(localization, enAccount)
  const user = useUser()
  const headingId = useId()
  const capabilities = useCapabilities()
  const { changeEmail } = useChangeEmail()
  const link = useAuthLink()
  const { form, submit, regionText } = useAuthForm({ l, defaultValues: { newEmail: '' }, schema: changeEmailSchema })
  if (!user || !capabilities.changeEmail) return null
  const sentTo = changeEmail.isSuccess ? changeEmail.variables?.newEmail : undefined
  // the page the confirmation link opened: its verdict
  const confirmed = link.status === 'done' && link.purpose === 'change-email' ? l.verifyEmail.done : null
  const refused = link.status === 'failed' && link.purpose === 'change-email' ? l.verifyEmail.expired : null
  return (
    <FormProvider {...form}>
      <Form
        {...languageOf(l)}
        header={header}
        state={form.formState.isSubmitting ? 'submitting' : changeEmail.error || refused ? 'error' : sentTo || confirmed ? 'success' : 'idle'}
        step="change-email"
        aria-labelledby={headingId}
        onSubmit={submit(({ newEmail }) => changeEmail.mutateAsync({ newEmail, redirectTo: redirectTo ?? landing('change-email') }))}
        className={classNames?.form}
      >
        <Heading id={headingId} level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
          {l.changeEmail.title}
        </Heading>
        {user.email && <p data-keyward-text="">{format(l.changeEmail.current, { email: user.email })}</p>}
        <TextField required name="newEmail" label={l.changeEmail.newEmail} type="email" autoComplete="email" inputMode="email" fieldClassName={classNames?.field} />
        <Message tone="status" message={sentTo ? format(l.changeEmail.sent, { email: sentTo }) : confirmed} className={classNames?.message} />
        <Message tone="error" message={changeEmail.error ? regionText(changeEmail.error) : refused} className={classNames?.message} />
        <SubmitButton busyLabel={l.common.submitting} className={classNames?.submit}>
          {l.changeEmail.submit}
        </SubmitButton>
      </Form>
    </FormProvider>
  )
}

export interface DeleteAccountProps extends FormProps {
  /** Called once the account is gone (this device is signed out by then): say goodbye, navigate. */
  onDeleted?: (() => void) | undefined
}

/**
 * Deletes the signed-in user's account, with the current password where the backend asks for it;
 * where the server confirms by e-mail first, says where the link went. Renders nothing where the
 * backend cannot delete accounts.
 */
export function DeleteAccount({ onDeleted, localization, classNames, focusOnMount, headingLevel, header }: DeleteAccountProps) {
  const l = useLocalization(localization, enAccount)
  const user = useUser()
  const headingId = useId()
  const capabilities = useCapabilities()
  const needsPassword = useFormRules().deleteAccountNeedsPassword
  const { deleteAccount } = useDeleteAccount()
  const { form, submit, regionText } = useAuthForm<{ password?: string }>({
    l,
    defaultValues: needsPassword ? { password: '' } : {},
    schema: needsPassword ? currentPasswordSchema : confirmSchema,
    // the server's "wrong e-mail or password" is about the current password here
    describe: (error) => (error.code === 'invalid-email-password' ? l.changePassword.wrongCurrent : undefined),
  })
  if (!user || !capabilities.deleteAccount) return null
  const emailed = deleteAccount.data === 'confirm-by-email' && user.email ? format(l.deleteAccount.sent, { email: user.email }) : null
  return (
    <FormProvider {...form}>
      <Form
        {...languageOf(l)}
        header={header}
        state={form.formState.isSubmitting ? 'submitting' : deleteAccount.error ? 'error' : emailed ? 'success' : 'idle'}
        step="delete-account"
        aria-labelledby={headingId}
        onSubmit={submit(async ({ password }) => {
          const outcome = await deleteAccount.mutateAsync(needsPassword ? { password } : {})
          if (outcome === 'deleted') onDeleted?.()
        })}
        className={classNames?.form}
      >
        <Heading id={headingId} level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
          {l.deleteAccount.title}
        </Heading>
        <p data-keyward-text="">{l.deleteAccount.body}</p>
        {user.email && <HiddenUsername email={user.email} />}
        {needsPassword && <TextField required name="password" label={l.fields.currentPassword} type="password" autoComplete="current-password" fieldClassName={classNames?.field} />}
        <Message tone="status" message={emailed} className={classNames?.message} />
        <Message tone="error" message={regionText(deleteAccount.error)} className={classNames?.message} />
        <SubmitButton busyLabel={l.common.submitting} data-keyward-variant="danger" className={classNames?.submit}>
          {l.deleteAccount.submit}
        </SubmitButton>
      </Form>
    </FormProvider>
  )
}

/** A section of `<Account />`; each is also a part of its own (`<Profile />`, `<ChangeEmail />`…). */
export type AccountSection = 'profile' | 'email' | 'password' | 'mfa' | 'passkeys' | 'devices' | 'delete'

const OFFERED: Record<AccountSection, (c: Readonly<Capabilities>) => boolean> = {
  profile: () => true,
  email: (c) => c.changeEmail,
  password: (c) => c.changePassword,
  mfa: (c) => c.mfaTotp,
  passkeys: (c) => c.passkeys,
  devices: (c) => c.sessions || c.signOutOthers,
  delete: (c) => c.deleteAccount,
}

export interface AccountProps extends Omit<FormProps, 'focusOnMount'> {
  /** Which sections, in this order. Default: every one the backend offers. */
  sections?: readonly AccountSection[] | undefined
  /** `<MfaSetup />`'s issuer: the name authenticator apps show. */
  issuer?: string | undefined
  /** `<ChangeEmail />`'s link target. */
  changeEmailRedirectTo?: string | undefined
  /** `<DeleteAccount />`'s: once the account is gone. */
  onDeleted?: (() => void) | undefined
  /** `<Passkeys />`'s source of authenticator names and icons. */
  authenticators?: PasskeysProps['authenticators']
}

/**
 * The signed-in user's account page, composed from the parts by what the backend can do: profile,
 * e-mail, passkeys (above the password, as the FIDO guidelines place them), password, two-step
 * verification, devices, deleting the account. Each section is its own card and
 * its own public part; pick and order them with `sections`. Renders nothing while signed out.
 */
export function Account({ sections = ['profile', 'email', 'passkeys', 'password', 'mfa', 'devices', 'delete'], issuer, changeEmailRedirectTo, onDeleted, authenticators, ...props }: AccountProps) {
  const l = useLocalization(props.localization, enAccount)
  const capabilities = useCapabilities()
  const user = useUser()
  if (!user) return null
  const common = { ...props, localization: l }
  const shown = sections.filter((section) => OFFERED[section](capabilities))
  return (
    <div {...languageOf(l)} data-keyward-account="">
      {shown.map((section) => {
        switch (section) {
          case 'profile':
            return <Profile key={section} {...common} />
          case 'email':
            return <ChangeEmail key={section} {...common} redirectTo={changeEmailRedirectTo} />
          case 'password':
            return <ChangePassword key={section} {...common} />
          case 'mfa':
            return <MfaSetup key={section} {...common} issuer={issuer} />
          case 'passkeys':
            return <Passkeys key={section} {...common} authenticators={authenticators} />
          case 'devices':
            return <Sessions key={section} {...common} />
          case 'delete':
            return <DeleteAccount key={section} {...common} onDeleted={onDeleted} />
        }
      })}
    </div>
  )
}
