import { expect, it } from 'vitest'
import { de } from '../../src/forms/locales/de.ts'
import { en, enAccount, enJourney } from '../../src/forms/locales/en.ts'
import { es } from '../../src/forms/locales/es.ts'
import { fr } from '../../src/forms/locales/fr.ts'
import { ja } from '../../src/forms/locales/ja.ts'

// Every locale says everything: a missing string would show as "undefined" in a form.
const keys = (value: unknown, prefix = ''): string[] =>
  value && typeof value === 'object'
    ? Object.entries(value).flatMap(([key, inner]) => keys(inner, `${prefix}${key}.`))
    : [prefix.slice(0, -1)]

it('has every string in every locale, and only strings', () => {
  const reference = keys(en).sort()
  for (const [name, locale] of Object.entries({ de, fr, es, ja })) expect(keys(locale).sort(), name).toEqual(reference)
  for (const locale of [en, de, fr, es, ja]) for (const key of keys(locale)) expect(typeof key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], locale), key).toBe('string')
})

it('English is the sign-in journey’s strings and the account forms’ own, with nothing said twice', () => {
  const journey = keys(enJourney)
  const account = keys(enAccount)
  expect(journey.filter((key) => account.includes(key))).toEqual([])
  expect([...journey, ...account].sort()).toEqual(keys(en).sort())
})
