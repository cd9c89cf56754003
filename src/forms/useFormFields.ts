import { type FormEvent, type MouseEvent, useCallback, useId, useRef, useState } from 'react'
import * as v from 'valibot'
import type { Localization } from './localization.js'

/** What a field must hold. Checked on submit, then on every blur of a field that was wrong. */
export type Rule = 'email' | 'password' | 'newPassword' | 'code' | 'optional' | 'required'

export const MIN_PASSWORD = 9

const schemas: Record<Rule, v.GenericSchema<string>> = {
  email: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.email()),
  password: v.pipe(v.string(), v.nonEmpty()),
  newPassword: v.pipe(v.string(), v.nonEmpty(), v.minLength(MIN_PASSWORD)),
  code: v.pipe(v.string(), v.nonEmpty(), v.regex(/^\s*\d{3}\s*\d{3}\s*$/)),
  optional: v.string(),
  required: v.pipe(v.string(), v.trim(), v.nonEmpty()),
}

function message(l: Localization, rule: Rule, type: string): string {
  if (type === 'non_empty') return l.validation.required
  if (rule === 'email') return l.validation.email
  if (rule === 'code') return l.validation.code
  if (rule === 'newPassword') return l.validation.passwordTooShort.replace('{min}', String(MIN_PASSWORD))
  return l.validation.required
}

/**
 * Uncontrolled fields with validation: typing re-renders nothing; errors appear after a submit and
 * update as the user fixes them. Submitting focuses the first invalid field, and a second submit
 * while the first is running sends nothing.
 */
export function useFormFields<N extends string>(rules: Record<N, Rule>, l: Localization) {
  const id = useId()
  const [errors, setErrors] = useState<Partial<Record<N, string>>>({})
  const [submitting, setSubmitting] = useState(false)
  const busy = useRef(false)
  const inputs = useRef(new Map<N, HTMLInputElement>())

  const check = useCallback(
    (name: N, value: string): string | null => {
      const result = v.safeParse(schemas[rules[name]], value)
      return result.success ? null : message(l, rules[name], result.issues[0].type)
    },
    [rules, l],
  )

  const field = (name: N) => ({
    name,
    id: `${id}-${name}`,
    errorId: `${id}-${name}-error`,
    error: errors[name] ?? null,
    ref: (element: HTMLInputElement | null) => {
      if (element) inputs.current.set(name, element)
      else inputs.current.delete(name)
    },
    onBlur: (event: { currentTarget: HTMLInputElement }) => {
      if (!errors[name]) return
      const problem = check(name, event.currentTarget.value)
      setErrors((current) => ({ ...current, [name]: problem ?? undefined }))
    },
  })

  const handleSubmit = (onValid: (values: Record<N, string>) => Promise<unknown>) => async (event: FormEvent<HTMLFormElement> | MouseEvent<HTMLButtonElement>) => {
    event.preventDefault()
    if (busy.current) return
    const values = {} as Record<N, string>
    const found: Partial<Record<N, string>> = {}
    for (const name of Object.keys(rules) as N[]) {
      const value = inputs.current.get(name)?.value ?? ''
      values[name] = rules[name] === 'password' || rules[name] === 'newPassword' ? value : value.trim()
      const problem = check(name, value)
      if (problem) found[name] = problem
    }
    setErrors(found)
    const firstInvalid = (Object.keys(rules) as N[]).find((name) => found[name])
    if (firstInvalid) {
      inputs.current.get(firstInvalid)?.focus()
      return
    }
    busy.current = true
    setSubmitting(true)
    try {
      await onValid(values)
    } catch {
      // the hook's `error` carries it into the form's error region
    } finally {
      busy.current = false
      setSubmitting(false)
    }
  }

  return { field, handleSubmit, submitting, errors }
}
