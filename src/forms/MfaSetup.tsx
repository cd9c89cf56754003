import { useId, useState } from 'react'
import { useCapabilities } from '../react/useCapabilities.js'
import { useMfa } from '../react/useMfa.js'
import { errorText, useLocalization } from './context.js'
import type { Localization } from './localization.js'
import { FormRoot, LiveRegion, StepHeading, SubmitButton, TextField } from './parts.js'
import type { FormProps } from './shared.js'
import { useFormFields } from './useFormFields.js'

export interface MfaSetupProps extends FormProps {
  /** The name authenticator apps show for this account's codes. Default: the site's host name. */
  issuer?: string | undefined
}

/**
 * Turns TOTP on: a QR code for the authenticator app, the secret in groups of four with a copy button
 * (for an app on the same phone), the backup codes where the backend issues them (copy, download),
 * then a code to confirm. When TOTP is on, turns it off and issues new backup codes. Asks for the
 * password where the backend confirms these with it (better-auth), for a code otherwise (Nhost).
 */
export function MfaSetup({ issuer, localization, classNames, focusOnMount }: MfaSetupProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const { status, setup, activate, disable, regenerateBackupCodes, confirmWith } = useMfa()
  const { backupCodes: hasBackupCodes } = useCapabilities()
  const [copied, setCopied] = useState(false)
  const byPassword = confirmWith === 'password'
  const { field, handleSubmit, submitting } = useFormFields({ code: 'code' }, l)
  const proof = useFormFields({ password: 'password' }, l)
  const passwordField = (
    <TextField field={proof.field('password')} label={l.fields.currentPassword} type="password" autoComplete="current-password" className={classNames?.field} />
  )

  if (status === 'totp') {
    const fresh = regenerateBackupCodes.data
    const turnOff = byPassword
      ? proof.handleSubmit(async ({ password }) => {
          await disable.mutateAsync({ password })
          setup.reset() // the old secret is dead: a new setup starts from scratch
        })
      : handleSubmit(async ({ code }) => {
          await disable.mutateAsync(code)
          setup.reset()
        })
    const error = disable.error ?? regenerateBackupCodes.error
    return (
      <FormRoot state={submitting || proof.submitting ? 'submitting' : error ? 'error' : 'enabled'} aria-labelledby={headingId} onSubmit={turnOff} className={classNames?.form}>
        <StepHeading id={headingId} focus={focusOnMount || activate.isSuccess} className={classNames?.heading}>
          {l.mfa.setupTitle}
        </StepHeading>
        <LiveRegion tone="status" message={l.mfa.enabled} className={classNames?.message} />
        {setup.data && setup.data.backupCodes.length > 0 && !fresh && <BackupCodes codes={setup.data.backupCodes} l={l} />}
        {fresh && <BackupCodes codes={fresh} l={l} />}
        {byPassword ? passwordField : <TextField field={field('code')} label={l.fields.code} autoComplete="one-time-code" inputMode="numeric" className={classNames?.field} />}
        <LiveRegion tone="error" message={errorText(l, error)} className={classNames?.message} />
        <SubmitButton submitting={submitting || proof.submitting} label={l.mfa.disable} busyLabel={l.common.submitting} className={classNames?.submit} />
        {hasBackupCodes && byPassword && (
          <button
            type="button"
            data-keyward-secondary=""
            disabled={regenerateBackupCodes.isPending}
            onClick={proof.handleSubmit(({ password }) => regenerateBackupCodes.mutateAsync({ password }))}
          >
            {l.mfa.regenerate}
          </button>
        )}
      </FormRoot>
    )
  }

  const secret = setup.data
  if (!secret) {
    const start = (password?: string) => setup.mutateAsync({ ...(issuer ? { issuer } : {}), ...(password === undefined ? {} : { password }) })
    const body = (
      <>
        <StepHeading id={headingId} focus={focusOnMount || disable.isSuccess} className={classNames?.heading}>
          {l.mfa.setupTitle}
        </StepHeading>
        <LiveRegion tone="status" message={disable.isSuccess ? l.mfa.disabled : null} className={classNames?.message} />
      </>
    )
    if (byPassword) {
      return (
        <FormRoot state={proof.submitting ? 'submitting' : setup.error ? 'error' : disable.isSuccess ? 'disabled' : 'idle'} aria-labelledby={headingId} onSubmit={proof.handleSubmit(({ password }) => start(password))} className={classNames?.form}>
          {body}
          {passwordField}
          <LiveRegion tone="error" message={errorText(l, setup.error)} className={classNames?.message} />
          <SubmitButton submitting={proof.submitting} label={l.mfa.setupTitle} busyLabel={l.common.submitting} className={classNames?.submit} />
        </FormRoot>
      )
    }
    return (
      <div data-keyward-form="" data-state={disable.isSuccess ? 'disabled' : 'idle'} className={classNames?.form}>
        {body}
        <button type="button" data-keyward-submit="" data-state={setup.isPending ? 'submitting' : 'idle'} disabled={setup.isPending} onClick={() => start().catch(() => {})}>
          {setup.isPending ? l.common.submitting : l.mfa.setupTitle}
        </button>
        <LiveRegion tone="error" message={errorText(l, setup.error)} className={classNames?.message} />
      </div>
    )
  }

  const grouped = secret.secret.replace(/=+$/, '').match(/.{1,4}/g)?.join(' ') ?? secret.secret
  const copy = () =>
    navigator.clipboard?.writeText(secret.secret).then(
      () => setCopied(true),
      () => setCopied(false),
    )
  return (
    <FormRoot state={submitting ? 'submitting' : activate.error ? 'error' : 'scan'} aria-labelledby={headingId} onSubmit={handleSubmit(({ code }) => activate.mutateAsync(code))} className={classNames?.form}>
      <StepHeading id={headingId} focus className={classNames?.heading}>
        {l.mfa.setupTitle}
      </StepHeading>
      <p data-keyward-text="">{l.mfa.setupScan}</p>
      <img src={secret.qrDataUrl} alt={l.mfa.setupScan} width={176} height={176} data-keyward-qr="" />
      <p data-keyward-text="">{l.mfa.setupSecret}</p>
      <p data-keyward-secret="">
        <code translate="no">{grouped}</code>{' '}
        <button type="button" data-keyward-secondary="" onClick={() => void copy()}>
          {copied ? l.common.copied : l.common.copy}
        </button>
      </p>
      {secret.backupCodes.length > 0 && <BackupCodes codes={secret.backupCodes} l={l} />}
      <TextField field={field('code')} label={l.fields.code} autoComplete="one-time-code" inputMode="numeric" className={classNames?.field} />
      <LiveRegion tone="error" message={errorText(l, activate.error)} className={classNames?.message} />
      <SubmitButton submitting={submitting} label={l.mfa.setupConfirm} busyLabel={l.common.submitting} className={classNames?.submit} />
    </FormRoot>
  )
}

/** Backup codes, shown once: a list, a copy button and a download as a text file. */
function BackupCodes({ codes, l }: { codes: readonly string[]; l: Localization }) {
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
      <h3 id={headingId}>{l.mfa.backupCodesTitle}</h3>
      <p data-keyward-text="">{l.mfa.backupCodesBody}</p>
      <ul translate="no">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <button
        type="button"
        data-keyward-secondary=""
        onClick={() =>
          navigator.clipboard?.writeText(text).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? l.common.copied : l.common.copy}
      </button>{' '}
      <button type="button" data-keyward-secondary="" onClick={download}>
        {l.mfa.download}
      </button>
    </section>
  )
}
