import { type HTMLInputTypeAttribute, type ReactNode, useId, useState } from 'react'
import { optionalText, requiredText, signUpSchema } from './schemas.js'
import { FormProvider } from 'react-hook-form'
import { errorText, useLocalization } from './context.js'
import { passwordHint, useAuthForm } from './form.js'
import { format, languageOf } from './localization.js'
import { Form, Heading, LinkButton, Message, SecondaryButton, SubmitButton, TextField } from './parts.js'
import { StatusCard } from './steps.js'
import { type FormProps, formParts, here } from './shared.js'
import { SignedInCard } from './SignIn.js'
import type { StandardSchema } from './standard-schema.js'
import { isAuthError, type Session, type SignUpField, type SignUpInput, useCapabilities, useEmailVerification, useFormRules, usePasskeySignUp, useSignUp } from '../index.js'

/** A field an app adds to `<SignUp />`: rendered with keyward's parts, its value sent as user metadata. */
export interface SignUpExtraField {
  /** The metadata key (and the form value's name). */
  name: string
  label: ReactNode
  type?: HTMLInputTypeAttribute | undefined
  autoComplete?: string | undefined
  inputMode?: 'text' | 'email' | 'tel' | 'url' | 'numeric' | 'decimal' | 'search' | undefined
  /** A hint under the field. */
  description?: ReactNode
  /** Says the field must be filled (`aria-required`); `schema` is what checks it. */
  required?: boolean | undefined
  /** Validates this field's value (any Standard Schema: zod, Valibot, ArkType…); its messages are shown as they are. */
  schema?: StandardSchema | undefined
}

export interface SignUpProps extends FormProps {
  onSignedIn?: ((session: Session) => void) | undefined
  /** Shows the "sign in" link; omit to hide it. */
  onSignIn?: (() => void) | undefined
  /** Prefills the e-mail field (the address an identifier-first sign-in found no account for). */
  email?: string | undefined
  /** Where the verification link returns to (the page with `<VerifyEmail />`). Default: this page. */
  redirectTo?: string | undefined
  /**
   * More fields, after e-mail and password, in this order: each value goes to the new user's
   * metadata (Nhost `metadata`, …) under its `name`.
   *
   * @example
   * <SignUp fields={[{ name: 'company', label: 'Company', autoComplete: 'organization', schema: z.string().min(2) }]} />
   */
  fields?: readonly SignUpExtraField[] | undefined
  /**
   * Replaces `signUpSchema`: any Standard Schema over the whole form (`email`, `password`, the
   * backend's sign-up fields and `fields`), for rules across fields. Its output is what is sent.
   */
  schema?: StandardSchema | undefined
  /**
   * The form's fields, rearranged: the parts `<SignUpBackendFields />`, `<SignUpEmail />`,
   * `<SignUpPassword />` and `<SignUpExtraFields />` in the order (and with the additions) the app
   * wants. Default: that order. The heading, the message region, the submit button and the sign-in
   * link stay where they are; every part's value is still checked and sent.
   */
  children?: ReactNode | undefined
  /**
   * Offer "Sign up with a passkey" beside the password, where the backend creates accounts with a
   * passkey alone (`capabilities.passkeySignUp`) and the browser has passkeys. Default true.
   */
  passkey?: boolean | undefined
}

/** What the parts of `<SignUp />` read from it. */
interface SignUpParts {
  l: ReturnType<typeof useLocalization>
  classNames: FormProps['classNames']
  backendFields: readonly SignUpField[]
  fields: readonly SignUpExtraField[]
  policy: { minLength?: number | undefined; maxLength?: number | undefined }
}

const signUpParts = formParts<SignUpParts>('SignUp')
const useSignUpParts = signUpParts.use

/** The fields the backend asks for at sign-up (`useFormRules().signUpFields`: names, a phone). A part of `<SignUp />`. */
export function SignUpBackendFields() {
  const { backendFields, l, classNames } = useSignUpParts('SignUpBackendFields')
  return (
    <>
      {backendFields.map((f) => (
        <TextField key={f.name} name={f.name} label={l.fields[f.kind]} {...INPUT[f.kind]} required={f.required} fieldClassName={classNames?.field} />
      ))}
    </>
  )
}

/** The e-mail field. A part of `<SignUp />`. */
export function SignUpEmail() {
  const { l, classNames } = useSignUpParts('SignUpEmail')
  return <TextField required name="email" label={l.fields.email} type="email" autoComplete="username" inputMode="email" fieldClassName={classNames?.field} />
}

/** The new password, with the server's rule as its hint. A part of `<SignUp />`. */
export function SignUpPassword() {
  const { l, classNames, policy } = useSignUpParts('SignUpPassword')
  return (
    <TextField
      required
      name="password"
      label={l.fields.password}
      type="password"
      autoComplete="new-password"
      description={passwordHint(l, policy)}
      descriptionUntilError
      fieldClassName={classNames?.field}
    />
  )
}

/** The app's own fields (`fields`), sent as the new user's metadata. A part of `<SignUp />`. */
export function SignUpExtraFields() {
  const { fields, classNames } = useSignUpParts('SignUpExtraFields')
  return (
    <>
      {fields.map((f) => (
        <TextField
          key={f.name}
          required={f.required}
          name={f.name}
          label={f.label}
          type={f.type ?? 'text'}
          autoComplete={f.autoComplete}
          inputMode={f.inputMode}
          description={f.description}
          fieldClassName={classNames?.field}
        />
      ))}
    </>
  )
}

const INPUT: Record<SignUpField['kind'], { autoComplete: string; type: 'text' | 'tel' }> = {
  givenName: { autoComplete: 'given-name', type: 'text' },
  familyName: { autoComplete: 'family-name', type: 'text' },
  displayName: { autoComplete: 'nickname', type: 'text' },
  // (not `username`: the e-mail field is the account's name for password managers)
  username: { autoComplete: 'nickname', type: 'text' },
  phone: { autoComplete: 'tel', type: 'tel' },
}

/**
 * E-mail and password sign-up, with the fields the backend asks for and the app's own; shows "check
 * your e-mail" when the server wants the address verified.
 */
export function SignUp({ onSignedIn, onSignIn, email: initialEmail = '', redirectTo, fields = [], schema, passkey: offerPasskey = true, localization, classNames, focusOnMount, headingLevel, header, children }: SignUpProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const capabilities = useCapabilities()
  const { signUp, needsEmailVerification } = useSignUp()
  const { send } = useEmailVerification()
  const { passwordPolicy: policy, signUpFields: backendFields } = useFormRules()
  const { form, submit, regionText } = useAuthForm({
    l,
    defaultValues: Object.fromEntries([['email', initialEmail], ['password', ''], ...backendFields.map((f) => [f.name, '']), ...fields.map((f) => [f.name, ''])]) as Record<string, string>,
    schema: schema ?? signUpSchema,
    fieldSchemas: schema
      ? undefined
      : {
          ...Object.fromEntries(backendFields.map((f) => [f.name, f.required ? requiredText : optionalText])),
          ...Object.fromEntries(fields.flatMap((f) => (f.schema ? [[f.name, f.schema]] : []))),
        },
    policy: { fields: ['password'], ...policy },
  })
  const target = redirectTo ?? here()
  // a sign-up the backend finishes once the address is verified (`resume`, CREDEBL): its input, kept
  // in memory only, sent again by "Continue"
  const [resume, setResume] = useState<SignUpInput | null>(null)
  // passkey-first: the address only; the new account has a passkey and no password
  const passkey = usePasskeySignUp()
  const withPasskey = offerPasskey && capabilities.passkeySignUp && passkey.isSupported
  const [passkeyVerify, setPasskeyVerify] = useState<string | null>(null)
  const passkeyError = passkey.signUp.error && !isAuthError(passkey.signUp.error, 'passkey_cancelled') ? passkey.signUp.error : null
  const signUpWithPasskey = async () => {
    if (passkey.signUp.isPending || !(await form.trigger('email'))) return
    signUp.reset()
    const address = String(form.getValues('email'))
    const displayName = backendFields.some((f) => f.kind === 'displayName') ? String(form.getValues('displayName') ?? '') || undefined : undefined
    passkey.signUp.mutateAsync({ email: address, displayName, redirectTo: target }).then(
      (session) => (session ? onSignedIn?.(session) : setPasskeyVerify(address)),
      () => {},
    )
  }

  if (signUp.data?.kind === 'session' || passkey.signUp.data) return <SignedInCard l={l} header={header} headingLevel={headingLevel} classNames={classNames} />
  if (resume || needsEmailVerification || passkeyVerify) {
    const email = passkeyVerify ?? signUp.variables?.email ?? ''
    const error = send.error ?? (resume && signUp.error)
    return (
      <StatusCard localization={l} header={header} headingLevel={headingLevel} classNames={classNames} state={error ? 'error' : 'success'} step="verify-email" title={l.signUp.verifyTitle}>
        <p data-keyward-text="">{format(resume ? l.signUp.verifyThenContinue : l.signUp.verifyBody, { email })}</p>
        {resume && (
          <SubmitButton type="button" submitting={signUp.isPending} busyLabel={l.common.submitting} onClick={() => signUp.mutateAsync(resume).then((r) => r.kind === 'session' && onSignedIn?.(r.session), () => {})} className={classNames?.submit}>
            {l.signIn.next}
          </SubmitButton>
        )}
        {capabilities.emailVerification && (
          <SecondaryButton busy={send.isPending} onClick={() => send.mutateAsync({ email, redirectTo: target }).catch(() => {})}>
            {l.signUp.resend}
          </SecondaryButton>
        )}
        <Message tone={error ? 'error' : 'status'} message={error ? errorText(l, error) : send.isSuccess ? l.signUp.resent : null} className={classNames?.message} />
        {onSignIn && (
          <p data-keyward-footer="">
            <LinkButton onClick={onSignIn} className={classNames?.link}>
              {l.signUp.signInLink}
            </LinkButton>
          </p>
        )}
      </StatusCard>
    )
  }
  const submitting = form.formState.isSubmitting
  return (
    <FormProvider {...form}>
      <Form
        {...languageOf(l)}
        header={header}
        state={submitting || passkey.signUp.isPending ? 'submitting' : signUp.error || passkeyError ? 'error' : 'idle'}
        step="credentials"
        aria-labelledby={headingId}
        onSubmit={submit(async (values) => {
          passkey.signUp.reset()
          const backendValues = Object.fromEntries(backendFields.flatMap((f) => (values[f.name] ? [[f.name, String(values[f.name])]] : [])))
          const metadata = Object.fromEntries(fields.map((f) => [f.name, values[f.name]]))
          const input = {
            email: values.email as string,
            password: values.password as string,
            redirectTo: target,
            ...(backendFields.length > 0 ? { fields: backendValues } : {}),
            ...(fields.length > 0 ? { metadata } : {}),
          }
          const result = await signUp.mutateAsync(input)
          if (result.kind === 'session') onSignedIn?.(result.session)
          else if (result.kind === 'verify-email' && result.resume) setResume(input)
        })}
        className={classNames?.form}
      >
        <Heading id={headingId} level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
          {l.signUp.title}
        </Heading>
        <signUpParts.Provider value={{ l, classNames, backendFields, fields, policy }}>
          {children ?? (
            <>
              <SignUpBackendFields />
              <SignUpEmail />
              <SignUpPassword />
              <SignUpExtraFields />
            </>
          )}
        </signUpParts.Provider>
        <Message tone="error" message={regionText(signUp.error ?? passkeyError)} className={classNames?.message} />
        <SubmitButton busyLabel={l.common.submitting} className={classNames?.submit}>
          {l.signUp.submit}
        </SubmitButton>
        {withPasskey && (
          <>
            <SecondaryButton busy={passkey.signUp.isPending} data-keyward-passkey="" onClick={() => void signUpWithPasskey()}>
              {passkey.signUp.isPending ? l.common.submitting : l.signUp.passkey}
            </SecondaryButton>
            <Message tone="status" message={passkey.signUp.isPending ? l.common.passkeyPrompt : null} className={classNames?.message} />
          </>
        )}
        {onSignIn && (
          <p data-keyward-footer="">
            {l.signUp.haveAccount}{' '}
            <LinkButton onClick={onSignIn} className={classNames?.link}>
              {l.signUp.signInLink}
            </LinkButton>
          </p>
        )}
      </Form>
    </FormProvider>
  )
}
