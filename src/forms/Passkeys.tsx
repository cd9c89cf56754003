import { useEffect, useId, useState } from 'react'
import { FormProvider } from 'react-hook-form'
import { type AuthenticatorInfo, type AuthenticatorSource, AUTHENTICATOR_LIST, lookUpAuthenticator, ZERO_AAGUID } from './authenticators.js'
import { errorText, useLocalization } from './context.js'
import { useAuthForm } from './form.js'
import { format, languageOf, type Localization } from './localization.js'
import { enAccount } from './locales/en.js'
import { Card, Form, Heading, Message, SecondaryButton, SubmitButton, TextField } from './parts.js'
import { nicknameSchema } from './schemas.js'
import type { FormProps } from './shared.js'
import { type AuthError, isAuthError, type PasskeyInfo, useAuthClient, useCapabilities, usePasskey, usePasskeyList, useUser } from '../index.js'

export interface PasskeysProps extends FormProps {
  /**
   * Where the cards find the name and icon of the password manager or security key that holds each
   * passkey, by its AAGUID (where the server keeps it): a URL of the community AAGUID list (the default
   * reads it from GitHub, only on this page and only for a passkey with an AAGUID), a function, or
   * `false` for none.
   */
  authenticators?: AuthenticatorSource | undefined
}

/** The user closing the browser's passkey sheet: no error to show. */
const shown = (error: AuthError | null) => (error && !isAuthError(error, 'passkey_cancelled') ? error : null)

/** Names and icons for the listed AAGUIDs, once looked up. */
function useAuthenticators(source: AuthenticatorSource, passkeys: readonly PasskeyInfo[] | undefined) {
  const [found, setFound] = useState<Record<string, AuthenticatorInfo | null>>({})
  const wanted = [...new Set((passkeys ?? []).map((p) => p.aaguid?.toLowerCase()).filter((id): id is string => !!id && id !== ZERO_AAGUID && !(id in found)))]
  const key = wanted.join(',')
  useEffect(() => {
    if (!key || source === false) return
    let active = true
    Promise.all(key.split(',').map(async (id) => [id, await lookUpAuthenticator(source, id)] as const)).then((entries) => {
      if (active) setFound((before) => ({ ...before, ...Object.fromEntries(entries) }))
    })
    return () => {
      active = false
    }
  }, [key, source])
  return (aaguid: string | null) => (aaguid ? (found[aaguid.toLowerCase()] ?? null) : null)
}

function RenamePasskey({ passkey, l, onDone }: { passkey: PasskeyInfo; l: Localization; onDone: () => void }) {
  const { rename } = usePasskeyList()
  const { form, submit, regionText } = useAuthForm({ l, defaultValues: { nickname: passkey.nickname ?? '' }, schema: nicknameSchema })
  return (
    <FormProvider {...form}>
      <Form
        state={form.formState.isSubmitting ? 'submitting' : rename.error ? 'error' : 'idle'}
        step="rename-passkey"
        aria-label={l.passkeys.rename}
        onSubmit={submit(async ({ nickname }) => {
          await rename.mutateAsync({ id: passkey.id, nickname })
          onDone()
        })}
      >
        <TextField required name="nickname" label={l.fields.nickname} autoComplete="off" autoFocus />
        <Message tone="error" message={regionText(rename.error)} />
        <SubmitButton busyLabel={l.common.submitting}>{l.passkeys.save}</SubmitButton>
        <SecondaryButton onClick={onDone}>{l.passkeys.cancel}</SecondaryButton>
      </Form>
    </FormProvider>
  )
}

/**
 * The signed-in user's passkeys, one card each — the password manager or key that holds it (name and
 * icon, by AAGUID), when it was made and last used, rename and remove where the backend can — and
 * "Add a passkey", with a word before the browser's dialog and one after it.
 */
export function Passkeys({ authenticators = AUTHENTICATOR_LIST, localization, classNames, focusOnMount, headingLevel, header }: PasskeysProps) {
  const l = useLocalization(localization, enAccount)
  const capabilities = useCapabilities()
  const { add, isSupported } = usePasskey()
  const { supported: listable, renamable, passkeys, remove, refresh } = usePasskeyList()
  const [renaming, setRenaming] = useState<string | null>(null)
  const provider = useAuthenticators(authenticators, passkeys.data)
  if (!capabilities.passkeys) return null
  const date = (iso: string | null) => {
    const at = iso ? new Date(iso) : null
    return at && !Number.isNaN(at.getTime()) ? new Intl.DateTimeFormat(l.locale, { dateStyle: 'medium' }).format(at) : null
  }
  const error = shown(add.error) ?? remove.error
  const status = add.isPending ? l.common.passkeyPrompt : add.isSuccess ? `${l.passkeys.added} ${l.passkeys.addedHint}` : null
  return (
    <Card {...languageOf(l)} header={header} state={add.isPending ? 'submitting' : error ? 'error' : 'idle'} step="passkeys" className={classNames?.form}>
      <Heading level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
        {l.passkeys.title}
      </Heading>
      {listable && (
        <ul data-keyward-list="">
          {passkeys.data?.length === 0 && <li>{l.passkeys.empty}</li>}
          {passkeys.data?.map((passkey) => {
            const holder = provider(passkey.aaguid)
            const name = passkey.nickname ?? holder?.name ?? l.passkeys.unnamed
            const created = date(passkey.createdAt)
            const used = date(passkey.lastUsedAt)
            return (
              <li key={passkey.id} data-keyward-passkey-card="">
                {holder?.icon && (
                  <picture data-keyward-authenticator-icon="">
                    {holder.iconDark && <source srcSet={holder.iconDark} media="(prefers-color-scheme: dark)" />}
                    <img src={holder.icon} alt="" width={24} height={24} />
                  </picture>
                )}
                <span data-keyward-passkey-text="">
                  <span data-keyward-device="">{name}</span>
                  {passkey.nickname && holder && <span data-keyward-meta="">{holder.name}</span>}
                  {(created || used) && (
                    <span data-keyward-meta="">{[created && format(l.passkeys.created, { date: created }), used && format(l.passkeys.lastUsed, { date: used })].filter(Boolean).join(' · ')}</span>
                  )}
                </span>
                {renaming === passkey.id ? (
                  <RenamePasskey passkey={passkey} l={l} onDone={() => setRenaming(null)} />
                ) : (
                  <span data-keyward-actions="">
                    {renamable && (
                      <SecondaryButton onClick={() => setRenaming(passkey.id)}>
                        {l.passkeys.rename} <span data-keyward-visually-hidden="">{name}</span>
                      </SecondaryButton>
                    )}
                    <SecondaryButton busy={remove.isPending} onClick={() => remove.mutateAsync(passkey.id).catch(() => {})}>
                      {l.passkeys.remove} <span data-keyward-visually-hidden="">{name}</span>
                    </SecondaryButton>
                  </span>
                )}
              </li>
            )
          })}
        </ul>
      )}
      {isSupported && (
        <button
          type="button"
          data-keyward-submit=""
          data-state={add.isPending ? 'submitting' : 'idle'}
          aria-disabled={add.isPending || undefined}
          onClick={() => {
            if (!add.isPending) add.mutateAsync().then(() => refresh(), () => {})
          }}
          className={classNames?.submit}
        >
          {add.isPending ? l.common.submitting : l.passkeys.add}
        </button>
      )}
      <Message tone={error ? 'error' : 'status'} message={errorText(l, error) ?? status} className={classNames?.message} />
    </Card>
  )
}

export interface PasskeyOfferProps extends FormProps {
  /** After the passkey was made, or the user said "Not now". */
  onDone?: ((outcome: 'created' | 'dismissed') => void) | undefined
}

const dismissedKey = (name: string, userId: string) => `keyward:${name}:passkey-offer-dismissed:${userId}`

/**
 * The invitation to make a passkey, for the signed-in page right after sign-up, and after a recovery
 * (the FIDO pattern: offered at account tasks, never in the middle of a sign-in). Shown only where the
 * backend and the browser can add one and the user has none (on this browser, or listed by the server);
 * "Not now" is remembered for the user on this browser.
 */
export function PasskeyOffer({ onDone, localization, classNames, focusOnMount, headingLevel, header }: PasskeyOfferProps) {
  const l = useLocalization(localization, enAccount)
  const client = useAuthClient()
  const user = useUser()
  const headingId = useId()
  const capabilities = useCapabilities()
  const { add, isSupported, usedHere } = usePasskey()
  const { supported: listable, passkeys } = usePasskeyList()
  const [dismissed, setDismissed] = useState(false)
  if (!user || !capabilities.passkeys || !isSupported) return null
  const key = dismissedKey(client.name, user.id)
  const remembered = (() => {
    try {
      return globalThis.localStorage?.getItem(key) === '1'
    } catch {
      return false
    }
  })()
  const hasOne = listable ? (passkeys.data?.length ?? 1) > 0 : usedHere
  if (!add.isSuccess && (dismissed || remembered || hasOne)) return null
  const error = shown(add.error)
  const status = add.isPending ? l.common.passkeyPrompt : add.isSuccess ? `${l.passkeys.added} ${l.passkeys.addedHint}` : null
  return (
    <Card {...languageOf(l)} header={header} role="region" aria-labelledby={headingId} state={add.isPending ? 'submitting' : error ? 'error' : add.isSuccess ? 'success' : 'idle'} step="passkey-offer" className={classNames?.form}>
      <Heading id={headingId} level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
        {l.passkeys.offerTitle}
      </Heading>
      {!add.isSuccess && <p data-keyward-text="">{l.passkeys.offerBody}</p>}
      <Message tone={error ? 'error' : 'status'} message={errorText(l, error) ?? status} className={classNames?.message} />
      {!add.isSuccess && (
        <>
          <SubmitButton type="button" submitting={add.isPending} busyLabel={l.common.submitting} onClick={() => add.mutateAsync().then(() => onDone?.('created'), () => {})} className={classNames?.submit}>
            {l.passkeys.offerCreate}
          </SubmitButton>
          <SecondaryButton
            onClick={() => {
              try {
                globalThis.localStorage?.setItem(key, '1')
              } catch {
                // no storage: dismissed for this page only
              }
              setDismissed(true)
              onDone?.('dismissed')
            }}
          >
            {l.passkeys.offerDismiss}
          </SecondaryButton>
        </>
      )}
    </Card>
  )
}
