import { Fragment, useId, useState } from 'react'
import { currentPasswordSchema, totpCodeSchema } from './schemas.js'
import { FormProvider } from 'react-hook-form'
import { useLocalization } from './context.js'
import { enAccount } from './locales/en.js'
import { useAuthForm } from './form.js'
import { type Localization, languageOf } from './localization.js'
import { Form, type FormState, Heading, Message, SecondaryButton, SubmitButton, TextField } from './parts.js'
import { HiddenUsername } from './parts.js'
import type { FormProps } from './shared.js'
import { type AuthError, useCapabilities, useMfa, useUser } from '../index.js'

export interface MfaSetupProps extends FormProps {
  /** The name authenticator apps show for this account's codes. Default: the site's host name. */
  issuer?: string | undefined
}

/**
 * Turns TOTP on: a QR code for the authenticator app, the secret in groups of four with a copy button
 * (for an app on the same phone), the backup codes where the backend issues them (copy, download),
 * then a code to confirm. When TOTP is on, says so, and turns it off or issues new backup codes.
 * Asks for the password where the backend confirms these with it (better-auth), for a code
 * otherwise (Nhost).
 */
export function MfaSetup({ issuer, localization, classNames, focusOnMount, headingLevel, header }: MfaSetupProps) {
  const l = useLocalization(localization, enAccount)
  const headingId = useId()
  const user = useUser()
  const { status, setup, activate, disable, regenerateBackupCodes, confirmWith } = useMfa()
  const { backupCodes: hasBackupCodes } = useCapabilities()
  const byPassword = confirmWith === 'password'
  const secret = setup.data
  // one form for every step; the step decides what its one field holds: the current password
  // (better-auth confirms the start and the turn-off with it), else an authenticator code
  const askPassword = byPassword && (status === 'totp' || !secret)
  const { form, submit, regionText } = useAuthForm({
    l,
    defaultValues: { code: '', password: '' },
    schema: askPassword ? currentPasswordSchema : totpCodeSchema,
  })
  const submitting = form.formState.isSubmitting
  const state = (error: AuthError | null): FormState => (submitting ? 'submitting' : error ? 'error' : 'idle')
  const digits = (code: string) => code.replace(/\s/g, '')
  // a step's value never waits in the form for the next step (a password, a spent code)
  const then = (run: (values: { code: string; password: string }) => Promise<unknown>) =>
    submit(async (values) => {
      await run(values)
      form.reset()
    })
  const confirmField = askPassword ? (
    <>
      {user?.email && <HiddenUsername email={user.email} />}
      <TextField required name="password" label={l.fields.currentPassword} type="password" autoComplete="current-password" fieldClassName={classNames?.field} />
    </>
  ) : (
    <TextField required name="code" label={l.fields.code} autoComplete="one-time-code" inputMode="numeric" fieldClassName={classNames?.field} />
  )

  let content
  if (status === 'totp') {
    const shown = regenerateBackupCodes.data ?? (secret && secret.backupCodes.length > 0 ? secret.backupCodes : null)
    const error = disable.error ?? regenerateBackupCodes.error
    const turnOff = then(async ({ code, password }) => {
      await disable.mutateAsync(byPassword ? { password } : digits(code))
      setup.reset() // the old secret is dead: a new setup starts from scratch
    })
    content = (
      <Form {...languageOf(l)} header={header} state={state(error)} step="enabled" aria-labelledby={headingId} onSubmit={turnOff} className={classNames?.form}>
        <Heading id={headingId} level={headingLevel} focusOnMount={focusOnMount || activate.isSuccess} className={classNames?.heading}>
          {l.mfa.manageTitle}
        </Heading>
        <Message tone="status" message={l.mfa.enabled} className={classNames?.message} />
        {shown && <BackupCodes codes={shown} localization={l} />}
        <h3 data-keyward-subheading="">{l.mfa.disableTitle}</h3>
        <p data-keyward-text="">{byPassword ? l.mfa.disableBodyPassword : l.mfa.disableBody}</p>
        {confirmField}
        <Message tone="error" message={regionText(error)} className={classNames?.message} />
        <SubmitButton data-keyward-variant="danger" busyLabel={l.common.submitting} className={classNames?.submit}>
          {l.mfa.disable}
        </SubmitButton>
        {hasBackupCodes && byPassword && (
          <SecondaryButton busy={regenerateBackupCodes.isPending} onClick={then(({ password }) => regenerateBackupCodes.mutateAsync({ password }))}>
            {l.mfa.regenerate}
          </SecondaryButton>
        )}
      </Form>
    )
  } else if (!secret) {
    const start = (password?: string) => setup.mutateAsync({ ...(issuer ? { issuer } : {}), ...(password === undefined ? {} : { password }) })
    content = (
      <Form
        {...languageOf(l)}
        header={header}
        state={submitting || setup.isPending ? 'submitting' : setup.error ? 'error' : disable.isSuccess ? 'success' : 'idle'}
        step={disable.isSuccess ? 'disabled' : 'start'}
        aria-labelledby={headingId}
        onSubmit={
          byPassword
            ? then(({ password }) => start(password))
            : (event) => {
                event.preventDefault()
                if (!setup.isPending) start().catch(() => {})
              }
        }
        className={classNames?.form}
      >
        <Heading id={headingId} level={headingLevel} focusOnMount={focusOnMount || disable.isSuccess} className={classNames?.heading}>
          {l.mfa.manageTitle}
        </Heading>
        <Message tone="status" message={disable.isSuccess ? l.mfa.disabled : null} className={classNames?.message} />
        <p data-keyward-text="">{l.mfa.setupBody}</p>
        {byPassword && confirmField}
        <Message tone="error" message={regionText(setup.error)} className={classNames?.message} />
        <SubmitButton busyLabel={l.common.submitting} className={classNames?.submit}>
          {l.mfa.setupTitle}
        </SubmitButton>
      </Form>
    )
  } else {
    content = (
      <Form
        {...languageOf(l)}
        header={header}
        state={state(activate.error)}
        step="scan"
        aria-labelledby={headingId}
        onSubmit={then(({ code }) => activate.mutateAsync(digits(code)))}
        className={classNames?.form}
      >
        <Heading id={headingId} level={headingLevel} focusOnMount className={classNames?.heading}>
          {l.mfa.setupTitle}
        </Heading>
        <TotpSecret secret={secret} localization={l} />
        {secret.backupCodes.length > 0 && <BackupCodes codes={secret.backupCodes} localization={l} />}
        {confirmField}
        <Message tone="error" message={regionText(activate.error)} className={classNames?.message} />
        <SubmitButton busyLabel={l.common.submitting} className={classNames?.submit}>
          {l.mfa.setupConfirm}
        </SubmitButton>
      </Form>
    )
  }
  return <FormProvider {...form}>{content}</FormProvider>
}

/**
 * The authenticator app's setup: the QR code (its text alternative says what to do with it), and the
 * secret in groups of four with a copy button, for an app on the same phone. A part of `<MfaSetup />`,
 * for an app's own setup page with `useMfa()`: `secret` is `setup.data`.
 */
export function TotpSecret({ secret, localization }: { secret: { secret: string; qrDataUrl: string }; localization?: Localization | undefined }) {
  const l = useLocalization(localization, enAccount)
  const [copied, setCopied] = useState(false)
  const groups = secret.secret.replace(/=+$/, '').match(/.{1,4}/g) ?? [secret.secret]
  const copy = () =>
    navigator.clipboard?.writeText(secret.secret).then(
      () => setCopied(true),
      () => setCopied(false),
    )
  return (
    <>
      <p data-keyward-text="">{l.mfa.setupScan}</p>
      <img src={secret.qrDataUrl} alt={l.mfa.qrAlt} width={176} height={176} data-keyward-qr="" />
      <p data-keyward-text="">{l.mfa.setupSecret}</p>
      <p data-keyward-secret="">
        <code translate="no" aria-label={groups.join(' ')}>
          {groups.map((group, index) => (
            <Fragment key={index}>
              {index > 0 && ' '}
              <span data-keyward-secret-group="">{group}</span>
            </Fragment>
          ))}
        </code>
        <SecondaryButton onClick={() => void copy()}>{copied ? l.common.copied : l.common.copy}</SecondaryButton>
        <CopiedStatus copied={copied} l={l} />
      </p>
    </>
  )
}

/**
 * Backup codes, shown once: a list, a copy button and a download as a text file. A part of
 * `<MfaSetup />`, for an app's own setup page: `codes` from `useMfa()` (`setup.data.backupCodes`, or
 * `regenerateBackupCodes.data`).
 */
export function BackupCodes({ codes, localization }: { codes: readonly string[]; localization?: Localization | undefined }) {
  const l = useLocalization(localization, enAccount)
  const headingId = useId()
  const [copied, setCopied] = useState(false)
  const text = `${codes.join('\n')}\n`
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }))
    const link = Object.assign(document.createElement('a'), { href: url, download: 'backup-codes.txt' })
    link.click()
    setTimeout(() => URL.revokeObjectURL(url), 0)
  }
  return (
    <section aria-labelledby={headingId} data-keyward-backup-codes="">
      <h3 id={headingId} data-keyward-subheading="">
        {l.mfa.backupCodesTitle}
      </h3>
      <p data-keyward-text="">{l.mfa.backupCodesBody}</p>
      <ul translate="no">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div data-keyward-actions="">
        <SecondaryButton
          onClick={() =>
            navigator.clipboard?.writeText(text).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? l.common.copied : l.common.copy}
        </SecondaryButton>
        <SecondaryButton onClick={download}>{l.mfa.download}</SecondaryButton>
        <CopiedStatus copied={copied} l={l} />
      </div>
    </section>
  )
}

/**
 * Says "Copied" to a screen reader: the button's new label is not announced while it keeps the
 * focus, a status region (present before it speaks) is.
 */
function CopiedStatus({ copied, l }: { copied: boolean; l: Localization }) {
  return (
    <span role="status" data-keyward-visually-hidden="">
      {copied ? l.common.copied : ''}
    </span>
  )
}
