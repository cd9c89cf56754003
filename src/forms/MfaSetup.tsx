import { useId, useState } from 'react'
import { useMfa } from '../react/useMfa.js'
import { errorText, useLocalization } from './context.js'
import { FormRoot, LiveRegion, StepHeading, SubmitButton, TextField } from './parts.js'
import type { FormProps } from './shared.js'
import { useFormFields } from './useFormFields.js'

export interface MfaSetupProps extends FormProps {
  /** The name authenticator apps show for this account's codes. Default: the site's host name. */
  issuer?: string | undefined
}

/**
 * Turns TOTP on: a QR code for the authenticator app, the secret in groups of four with a copy button
 * (for an app on the same phone), then a code to confirm. When TOTP is on, a code turns it off.
 */
export function MfaSetup({ issuer, localization, classNames, focusOnMount }: MfaSetupProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const { status, setup, activate, disable } = useMfa()
  const [copied, setCopied] = useState(false)
  const { field, handleSubmit, submitting } = useFormFields({ code: 'code' }, l)

  if (status === 'totp') {
    return (
      <FormRoot state={submitting ? 'submitting' : disable.error ? 'error' : 'enabled'} aria-labelledby={headingId} onSubmit={handleSubmit(async ({ code }) => {
          await disable.mutateAsync(code)
          setup.reset() // the old secret is dead: a new setup starts from scratch
        })} className={classNames?.form}>
        <StepHeading id={headingId} focus={focusOnMount || activate.isSuccess} className={classNames?.heading}>
          {l.mfa.setupTitle}
        </StepHeading>
        <LiveRegion tone="status" message={l.mfa.enabled} className={classNames?.message} />
        <TextField field={field('code')} label={l.fields.code} autoComplete="one-time-code" inputMode="numeric" className={classNames?.field} />
        <LiveRegion tone="error" message={errorText(l, disable.error)} className={classNames?.message} />
        <SubmitButton submitting={submitting} label={l.mfa.disable} busyLabel={l.common.submitting} className={classNames?.submit} />
      </FormRoot>
    )
  }

  const secret = setup.data
  if (!secret) {
    return (
      <div data-keyward-form="" data-state={disable.isSuccess ? 'disabled' : 'idle'} className={classNames?.form}>
        <StepHeading focus={focusOnMount || disable.isSuccess} className={classNames?.heading}>
          {l.mfa.setupTitle}
        </StepHeading>
        <LiveRegion tone="status" message={disable.isSuccess ? l.mfa.disabled : null} className={classNames?.message} />
        <button type="button" data-keyward-submit="" data-state={setup.isPending ? 'submitting' : 'idle'} disabled={setup.isPending} onClick={() => setup.mutateAsync(issuer ? { issuer } : undefined).catch(() => {})}>
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
      <TextField field={field('code')} label={l.fields.code} autoComplete="one-time-code" inputMode="numeric" className={classNames?.field} />
      <LiveRegion tone="error" message={errorText(l, activate.error)} className={classNames?.message} />
      <SubmitButton submitting={submitting} label={l.mfa.setupConfirm} busyLabel={l.common.submitting} className={classNames?.submit} />
    </FormRoot>
  )
}
