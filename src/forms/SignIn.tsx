import { type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { emailSchema, signInSchema } from './schemas.js'
import { FormProvider } from 'react-hook-form'
import { errorText, useLocalization } from './context.js'
import { useAuthForm } from './form.js'
import { EmailCodeSignIn } from './EmailCode.js'
import { EmailLinkSignIn } from './EmailLink.js'
import { MfaChallenge } from './MfaChallenge.js'
import { HiddenUsername } from './parts.js'
import { PasskeyButton } from './PasskeyButton.js'
import { ProviderButton } from './ProviderButton.js'
import { Divider, Form, Heading, LinkButton, Message, SubmitButton, TextField } from './parts.js'
import { type FormProps, formParts } from './shared.js'
import { format, languageOf, type Localization } from './localization.js'
import type { StandardSchema } from './standard-schema.js'
import { StatusCard } from './steps.js'
import { type AuthError, isAuthError, type OAuthProvider, type Session, useAccountLookup, useAuthClient, useAuthLink, useCapabilities, useFormRules, usePasskeySignIn, useRedirectSignIn, useSession, useSignIn } from '../index.js'

export interface SignInProps extends FormProps {
  onSignedIn?: ((session: Session) => void) | undefined
  /**
   * Shows the "create one" link; omit to hide it. Called with the e-mail address where the
   * identifier-first sign-in found no account for it (to prefill `<SignUp email />`).
   */
  onSignUp?: ((email?: string) => void) | undefined
  /** Shows the "forgot password" link; omit to hide it. */
  onForgotPassword?: (() => void) | undefined
  /**
   * Offer passkeys where the backend and browser can. `true` (default): the passkey button, and the
   * e-mail field's autofill once this browser has used a passkey for this app; `'autofill'`: the
   * autofill from the first visit (the WebAuthn library and a challenge request load with the form);
   * `false`: neither.
   */
  passkeys?: boolean | 'autofill' | undefined
  /**
   * After a password sign-in, let the browser save a passkey for the user without a prompt
   * (conditional create: Chrome and Safari do it where their password manager filled the password;
   * elsewhere nothing happens). Default true; `false` never asks.
   */
  passkeyUpgrade?: boolean | undefined
  /** Offer a code sent by e-mail instead of the password, where the backend can (`capabilities.emailOtp`). Default true. */
  emailCode?: boolean | undefined
  /**
   * Offer a sign-in link sent by e-mail, where the backend has one (`capabilities.magicLink`) and no
   * e-mailed code (a code is offered first where it has both). Default true.
   */
  emailLink?: boolean | undefined
  /** Replaces `signInSchema` (any Standard Schema over `{ email, password }`). */
  schema?: StandardSchema | undefined
  /**
   * Asks for the e-mail address first, then for the password; where the backend can tell
   * (`capabilities.accountLookup`), offers to create the account when there is none. Default false.
   */
  identifierFirst?: boolean | undefined
  /**
   * The OAuth providers to offer above the form. Default: the adapter's (`oauthProviders` option);
   * `[]` shows none.
   */
  providers?: ReadonlyArray<string | OAuthProvider> | undefined
  /**
   * Where an OAuth provider sends the browser back. Default: this page marked `?keyward=sign-in`,
   * where this form finishes the sign-in. For a backend that signs in on its own page
   * (`capabilities.redirectSignIn`: OpenID Connect, AuthHero) the default is this page without its
   * query, which must be among the redirect URIs the server knows.
   */
  oauthRedirectTo?: string | undefined
  /**
   * The form's middle, rearranged: the parts `<SignInProviders />`, `<SignInPasskey />`,
   * `<SignInDivider />`, `<SignInEmail />` and `<SignInPassword />` in the order (and with the
   * additions) the app wants. Default: that order. The heading, the message region, the submit button
   * and the sign-up link stay where they are.
   */
  children?: ReactNode | undefined
}

/** What the parts of `<SignIn />` read from it. */
interface SignInParts {
  l: Localization
  classNames: FormProps['classNames']
  /** The e-mail step of an identifier-first sign-in, or a form that asks for the e-mail with the rest. */
  choosing: boolean
  /** The identifier-first step is over: the e-mail is shown, the password asked. */
  askEmail: boolean
  /** The backend signs in with a password here (else only on its own page). */
  password: boolean
  canPasskey: boolean
  showProviders: boolean
  providers: ReadonlyArray<string | OAuthProvider>
  oauthRedirectTo: string | undefined
  continueWith: string
  toPage(): void
  ways: boolean
  email: string
  noAccount: string | null
  onForgotPassword: (() => void) | undefined
  offersCode: boolean
  offersLink: boolean
  passwordReset: boolean
  redirectSignIn: boolean
  otherEmail(): void
  byCode(): void
  byLink(): void
  clearError(): void
  setError(error: AuthError): void
  finished(session: Session): void
}

const signInParts = formParts<SignInParts>('SignIn')
const useSignInParts = signInParts.use

/** "Continue with <server>" (where the backend signs in on its own page too) and the OAuth providers' buttons. A part of `<SignIn />`. */
export function SignInProviders() {
  const p = useSignInParts('SignInProviders')
  if (!p.choosing) return null
  return (
    <>
      {p.redirectSignIn && p.password && (
        <button type="button" data-keyward-provider="" onClick={p.toPage}>
          {p.continueWith}
        </button>
      )}
      {p.showProviders &&
        p.providers.map((provider) => (
          <ProviderButton key={typeof provider === 'string' ? provider : provider.id} provider={provider} redirectTo={p.oauthRedirectTo} localization={p.l} onClick={p.clearError} onError={p.setError} />
        ))}
    </>
  )
}

/** The passkey button, where the backend and the browser can; its errors show in the form's message region. A part of `<SignIn />`. */
export function SignInPasskey() {
  const p = useSignInParts('SignInPasskey')
  if (!p.choosing || !p.canPasskey) return null
  return <PasskeyButton localization={p.l} onClick={p.clearError} onSignedIn={p.finished} onError={p.setError} />
}

/** "or", between the other ways in and the password form (only where both show). A part of `<SignIn />`. */
export function SignInDivider() {
  const p = useSignInParts('SignInDivider')
  if (!p.choosing || !p.ways || !p.password) return null
  return <Divider>{p.l.common.or}</Divider>
}

/** The e-mail field (with passkey autofill where offered), or, past the identifier-first step, the address and "use another". A part of `<SignIn />`. */
export function SignInEmail() {
  const p = useSignInParts('SignInEmail')
  if (p.choosing) {
    if (!p.password) return null
    return <TextField required name="email" label={p.l.fields.email} type="email" autoComplete={p.canPasskey ? 'username webauthn' : 'username'} inputMode="email" fieldClassName={p.classNames?.field} />
  }
  return (
    <p data-keyward-identity="">
      <HiddenUsername email={p.email} />
      <span data-keyward-text="">{p.email}</span>{' '}
      <LinkButton onClick={p.otherEmail} className={p.classNames?.link}>
        {p.l.signIn.otherEmail}
      </LinkButton>
    </p>
  )
}

/** The password field, "forgot password" and "e-mail me a code" (each where offered), and, identifier-first, the notice that no account has the address. A part of `<SignIn />`. */
export function SignInPassword() {
  const p = useSignInParts('SignInPassword')
  return (
    <>
      {!p.askEmail && p.password && <TextField required name="password" label={p.l.fields.password} type="password" autoComplete={p.canPasskey ? 'current-password webauthn' : 'current-password'} fieldClassName={p.classNames?.field} />}
      {p.noAccount && p.askEmail && (
        <p data-keyward-notice="" role="status">
          {format(p.l.signIn.noAccountFor, { email: p.noAccount })}
        </p>
      )}
      {!p.askEmail && p.password && p.onForgotPassword && p.passwordReset && (
        <LinkButton onClick={p.onForgotPassword} className={p.classNames?.link} data-keyward-forgot="">
          {p.l.signIn.forgotPassword}
        </LinkButton>
      )}
      {!p.askEmail && p.offersCode && (
        <LinkButton onClick={p.byCode} className={p.classNames?.link} data-keyward-email-code="">
          {p.l.emailCode.link}
        </LinkButton>
      )}
      {!p.askEmail && p.offersLink && (
        <LinkButton onClick={p.byLink} className={p.classNames?.link} data-keyward-email-link="">
          {p.l.emailLink.link}
        </LinkButton>
      )}
    </>
  )
}

/**
 * E-mail and password sign-in, with the backend's OAuth providers, a passkey button, passkeys in the
 * e-mail field's autofill, and the two-step code when the account asks for one. Optionally
 * identifier-first: the e-mail address, then the password (or a new account). A backend with a sign-in
 * page of its own gets "Continue with <server>" (alone, where it has no password sign-in), and the page
 * it returns to finishes the sign-in.
 *
 * @example
 * <SignIn onSignedIn={() => navigate('/')} onSignUp={() => navigate('/sign-up')} />
 */
export function SignIn({ onSignedIn, onSignUp, onForgotPassword, passkeys = true, passkeyUpgrade = true, emailCode = true, emailLink = true, schema, identifierFirst = false, providers, oauthRedirectTo, localization, classNames, focusOnMount, headingLevel, header, children }: SignInProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const capabilities = useCapabilities()
  const signIn = useSignIn()
  const passkey = usePasskeySignIn()
  const lookup = useAccountLookup().accountExists
  const link = useAuthLink()
  const client = useAuthClient()
  const page = useRedirectSignIn().start
  const { passwordPolicy, oauthProviders, serverName } = useFormRules()
  // a backend whose only sign-in is its own page (OpenID Connect) shows no password form
  const password = capabilities.passwordSignIn || !capabilities.redirectSignIn
  // identifier-first: the e-mail step, then the password step
  const [askEmail, setAskEmail] = useState(identifierFirst && password)
  const [noAccount, setNoAccount] = useState<string | null>(null)
  // the e-mailed code instead of the password (<EmailCodeSignIn />)
  const [byCode, setByCode] = useState(false)
  const offersCode = emailCode && capabilities.emailOtp && password
  // the e-mailed link instead of the password (<EmailLinkSignIn />), where there is no code to offer
  const [byLink, setByLink] = useState(false)
  const offersLink = emailLink && capabilities.magicLink && password && !offersCode
  const { form, submit, regionText } = useAuthForm({
    l,
    defaultValues: { email: '', password: '' },
    schema: askEmail ? emailSchema : (schema ?? signInSchema),
    // only the upper limit: accounts made under an older, shorter minimum still sign in
    policy: { fields: ['password'], maxLength: passwordPolicy.maxLength },
  })
  const [passkeyError, setPasskeyError] = useState<AuthError | null>(null)
  // back from an OAuth provider or the server's own sign-in page (a magic link too): core finishes the
  // sign-in whoever is mounted; the form shows it
  const landing = link.status !== 'none' && link.purpose === 'sign-in' ? link : null
  const landedSession = landing?.status === 'done' && landing.result.kind === 'signedIn' ? landing.result.session : null
  useEffect(() => {
    if (landedSession) finished(landedSession)
  }, [landedSession]) // eslint-disable-line react-hooks/exhaustive-deps -- once per session the link opened
  useEffect(() => {
    if (identifierFirst) form.setFocus(askEmail ? 'email' : 'password')
  }, [askEmail]) // eslint-disable-line react-hooks/exhaustive-deps -- on a step change

  const canPasskey = passkeys && capabilities.passkeys && passkey.isSupported
  const autofill = passkey.autofill
  // signed in with the password (and any second step after it): the browser may save a passkey quietly
  const byPassword = useRef(false)
  // "done" is the session store's word (through the flow): it ends when the session does
  const finished = (session: Session) => {
    if (byPassword.current && passkeyUpgrade && passkeys !== false && capabilities.passkeys) passkey.upgrade.mutate()
    byPassword.current = false
    onSignedIn?.(session)
  }

  // autofill only while signed out: a pick on a signed-in page would open a second session on the
  // server (the first one left behind); a session begun another way (the password, another tab) ends it
  const signedOut = useSession((snapshot) => snapshot.status === 'signedOut')
  // another way in under way (the password, a code, the server's page): core ended the autofill request
  // before its first request; once it failed, the field offers passkeys again
  const elsewhere = signIn.isPending || page.isPending || byCode || byLink
  // a passkey button that failed or was dismissed replaced the autofill request: asked again after it
  const [round, nextRound] = useState(0)
  useEffect(() => {
    if (!canPasskey || !passkey.isAutofillSupported || !signedOut || elsewhere || !(passkeys === 'autofill' || passkey.usedHere)) return
    // one conditional request per mount: the cleanup aborts it, so a remount (StrictMode) never
    // leaves a second one that could sign in twice
    const controller = new AbortController()
    autofill.mutateAsync({ signal: controller.signal }).then((session) => session && finished(session), () => {})
    return () => controller.abort()
  }, [canPasskey, passkey.isAutofillSupported, signedOut, passkeys, elsewhere, round]) // eslint-disable-line react-hooks/exhaustive-deps -- one conditional request per signed-out spell

  const frame = { header, headingLevel, classNames, localization: l }
  if (signIn.step === 'done' || landedSession) return <SignedInCard l={l} {...frame} />
  if (signIn.step === 'mfa') return <MfaChallenge onSignedIn={finished} {...frame} focusOnMount onBack={() => {}} />
  // the code's refusal is the flow's (it runs as a sign-in step), not the password form's: cleared on the way back
  const fromCode = () => {
    signIn.reset()
    setByCode(false)
  }
  if (byCode) return <EmailCodeSignIn email={form.getValues('email')} onSignedIn={finished} onBack={fromCode} {...frame} focusOnMount />
  if (byLink) return <EmailLinkSignIn email={form.getValues('email')} onBack={() => setByLink(false)} {...frame} focusOnMount />

  // (an aborted autofill request resolves with null: never an error here)
  const ownError = passkeyError ?? autofill.error ?? (landing?.status === 'failed' ? landing.error : null) ?? page.error
  const error = signIn.error ?? lookup.error ?? ownError
  // back from a provider, the sign-in finishes in the form's busy state (its button says so); on the
  // way to the server's page, it stays busy until the browser leaves
  const submitting = form.formState.isSubmitting || landing?.status === 'reading' || page.isPending || page.isSuccess
  const offered = providers ?? oauthProviders
  const showProviders = capabilities.oauth && offered.length > 0
  const email = form.getValues('email')
  const ways = showProviders || canPasskey || capabilities.redirectSignIn
  const toPage = () => {
    setPasskeyError(null)
    client.links.dismiss()
    page.mutate({ redirectTo: oauthRedirectTo })
  }
  const continueWith = format(l.signIn.continueWith, { provider: serverName })
  const parts: SignInParts = {
    l,
    classNames,
    choosing: askEmail || !identifierFirst,
    askEmail,
    password,
    canPasskey,
    showProviders,
    providers: offered,
    oauthRedirectTo,
    continueWith,
    toPage,
    ways,
    email,
    noAccount,
    onForgotPassword,
    offersCode,
    offersLink,
    passwordReset: capabilities.passwordReset,
    redirectSignIn: capabilities.redirectSignIn,
    otherEmail() {
      signIn.reset()
      setAskEmail(true)
    },
    byCode: () => setByCode(true),
    byLink: () => setByLink(true),
    clearError: () => setPasskeyError(null),
    setError(error) {
      // the user closing the browser's passkey sheet is no error: the form is as it was
      if (!isAuthError(error, 'passkey_cancelled')) setPasskeyError(error)
      nextRound((n) => n + 1)
    },
    finished,
  }
  return (
    <FormProvider {...form}>
      <Form
        {...languageOf(l)}
        header={header}
        state={submitting ? 'submitting' : error ? 'error' : 'idle'}
        step={askEmail ? 'identifier' : 'credentials'}
        aria-labelledby={headingId}
        onSubmit={submit(async ({ email, password }) => {
          setPasskeyError(null)
          client.links.dismiss()
          if (askEmail) {
            const exists = !capabilities.accountLookup || (await lookup.mutateAsync({ email }))
            setNoAccount(exists ? null : email)
            if (exists) setAskEmail(false)
            return
          }
          byPassword.current = true
          const result = await signIn.signIn({ email, password }).catch((error: unknown) => {
            byPassword.current = false
            throw error
          })
          if (result.kind === 'session') finished(result.session)
        })}
        className={classNames?.form}
      >
        <Heading id={headingId} level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
          {l.signIn.title}
        </Heading>
        <signInParts.Provider value={parts}>
          {children ?? (
            <>
              <SignInProviders />
              <SignInPasskey />
              <SignInDivider />
              <SignInEmail />
              <SignInPassword />
            </>
          )}
        </signInParts.Provider>
        <Message tone="error" message={error === ownError ? errorText(l, error) : regionText(error)} className={classNames?.message} />
        {password ? (
          <SubmitButton busyLabel={l.common.submitting} className={classNames?.submit}>
            {askEmail ? l.signIn.next : l.signIn.submit}
          </SubmitButton>
        ) : (
          <SubmitButton type="button" onClick={() => submitting || toPage()} busyLabel={l.common.submitting} className={classNames?.submit}>
            {continueWith}
          </SubmitButton>
        )}
        {onSignUp && capabilities.signUp && (
          <p data-keyward-footer="">
            {l.signIn.noAccount}{' '}
            {/* after an identifier-first lookup found no account: create one with that address */}
            <LinkButton onClick={() => onSignUp(noAccount ?? undefined)} className={classNames?.link}>
              {noAccount ? l.signIn.createAccount : l.signIn.signUpLink}
            </LinkButton>
          </p>
        )}
      </Form>
    </FormProvider>
  )
}

/** The end of a sign-in or sign-up, in the card. */
export const SignedInCard = ({ l, ...frame }: Pick<FormProps, 'header' | 'headingLevel' | 'classNames'> & { l: Localization }) => (
  <StatusCard {...frame} localization={l} state="success" step="done" title={l.signedIn} />
)
