import { type BaseSyntheticEvent, useRef } from 'react'
import { type DefaultValues, type FieldError, type FieldErrors, type FieldValues, type Path, type Resolver, useForm } from 'react-hook-form'
import { errorText } from './context.js'
import { format, type Localization } from './localization.js'
import { issueField, type StandardSchema } from './standard-schema.js'
import { type AuthError, type AuthErrorCode, isAuthError } from '../index.js'

/** Password length limits: the backend's `passwordPolicy`, checked on top of the schema. */
export interface PasswordPolicy {
  minLength?: number | undefined
  maxLength?: number | undefined
}

/** The fields a server verdict is about: the form shows it under the first of them it has. */
const FIELD_OF: Partial<Record<AuthErrorCode, readonly string[]>> = {
  'email-already-in-use': ['email'],
  'email-already-verified': ['email'],
  'password-too-short': ['newPassword', 'password'],
  'password-in-hibp-database': ['newPassword', 'password'],
  // a wrong current password in a change (the sign-in form has no such field: its region says it)
  'invalid-email-password': ['currentPassword'],
  'invalid-totp': ['code'],
  'invalid-otp': ['code'],
}

/** The text for a schema message: a key of `l.validation`, else the message itself (the app's own words). */
export const validationText = (l: Localization, message: string): string => (l.validation as unknown as Record<string, string>)[message] ?? message

export interface AuthFormOptions<V extends FieldValues> {
  l: Localization
  defaultValues: V
  /** The form's schema: any Standard Schema (keyward's are `keyward/forms/schemas`). */
  schema: StandardSchema
  /** Validators for single fields besides the schema (an app's extra sign-up fields). */
  fieldSchemas?: Readonly<Record<string, StandardSchema>> | undefined
  /** This form's own text for a server error, where the general one would mislead (a wrong backup code). */
  describe?: ((error: AuthError) => string | undefined) | undefined
  /** The password fields the backend's policy applies to, with its limits. */
  policy?: (PasswordPolicy & { fields: readonly string[] }) | undefined
}

/**
 * react-hook-form set up the way every keyward form works: uncontrolled inputs (typing re-renders
 * only the field typed in, and only while it shows an error), validation on submit and then on every
 * change of a field, focus on the first invalid field, one submission at a time, and a server verdict
 * about a field (`email-already-in-use`, `invalid-totp`) shown under that field.
 */
export function useAuthForm<V extends FieldValues>(options: AuthFormOptions<V>) {
  const latest = useRef(options)
  latest.current = options
  const resolver: Resolver<V> = async (values) => {
    const { l, schema, fieldSchemas = {}, policy } = latest.current
    const result = await schema['~standard'].validate(values)
    const errors: Record<string, FieldError> = {}
    const add = (name: string, message: string) => {
      errors[name || 'root'] ??= { type: 'validate', message }
    }
    for (const issue of result.issues ?? []) add(issueField(issue), validationText(l, issue.message))
    const output: Record<string, unknown> = { ...values, ...(result.issues ? {} : (result.value as object)) }
    for (const [name, fieldSchema] of Object.entries(fieldSchemas)) {
      const checked = await fieldSchema['~standard'].validate(values[name])
      if (checked.issues) add(name, validationText(l, checked.issues[0]?.message ?? 'required'))
      else output[name] = checked.value
    }
    for (const name of policy?.fields ?? []) {
      const value: unknown = values[name]
      if (typeof value !== 'string' || value === '' || errors[name]) continue
      if (policy?.minLength && value.length < policy.minLength) add(name, format(l.validation.passwordTooShort, { min: policy.minLength }, l.locale))
      else if (policy?.maxLength && value.length > policy.maxLength) add(name, format(l.validation.passwordTooLong, { max: policy.maxLength }, l.locale))
    }
    return Object.keys(errors).length > 0 ? { values: {}, errors: errors as FieldErrors<V> } : { values: output as V, errors: {} }
  }
  const form = useForm<V>({
    defaultValues: options.defaultValues as DefaultValues<V>,
    resolver,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    shouldFocusError: true,
  })
  const busy = useRef(false)
  const text = (error: AuthError | null | undefined) => (error && latest.current.describe?.(error)) ?? errorText(latest.current.l, error)
  const fieldFor = (error: unknown): Path<V> | undefined => {
    if (!isAuthError(error)) return undefined
    return FIELD_OF[error.code]?.find((name) => name in latest.current.defaultValues) as Path<V> | undefined
  }

  /**
   * The form's submit handler: validates, then runs `onValid` unless a submission is running. A
   * rejection is not rethrown (the hook's `error` carries it); one about a field lands on the field.
   */
  const submit = (onValid: (values: V) => Promise<unknown>) => async (event?: BaseSyntheticEvent) => {
    event?.preventDefault()
    if (busy.current) return
    busy.current = true
    try {
      await form.handleSubmit(async (values) => {
        try {
          await onValid(values)
        } catch (error) {
          const field = fieldFor(error)
          if (field) form.setError(field, { type: 'server', message: text(error as AuthError) ?? '' }, { shouldFocus: true })
        }
      })(event)
    } finally {
      busy.current = false
    }
  }

  return {
    form,
    submit,
    /** The text for the form's message region: null where the error is shown under a field instead. */
    regionText: (error: AuthError | null | undefined) => (fieldFor(error) ? null : text(error)),
  }
}

/** What a new password must be, from the backend's policy: "Use 8 to 128 characters." */
export function passwordHint(l: Localization, { minLength, maxLength }: { minLength?: number | undefined; maxLength?: number | undefined }) {
  if (minLength && maxLength) return format(l.validation.passwordRange, { min: minLength, max: maxLength }, l.locale)
  if (minLength) return format(l.validation.passwordTooShort, { min: minLength }, l.locale)
  return undefined
}
