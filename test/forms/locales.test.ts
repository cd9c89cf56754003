import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { en, enAccount, enJourney } from '../../src/forms/locales/en.ts'
import { format, languageOf, type Localization } from '../../src/forms/localization.ts'
import { expectGeneratedSection } from '../docs/generated-section.ts'

// Every locale says everything, in its own words: a missing string would show as "undefined" in a
// form, a string left in English would be read out with the wrong voice, a lost placeholder would
// drop the address or the number from the sentence.

const dir = fileURLToPath(new URL('../../src/forms/locales/', import.meta.url))
const modules = import.meta.glob<Record<string, Localization>>('../../src/forms/locales/*.ts', { eager: true })
const locales = Object.entries(modules).map(([path, exports]) => {
  const tag = path.split('/').pop()!.replace(/\.ts$/, '')
  const name = tag.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase())
  return { tag, name, l: exports[name]! }
})

const keys = (value: unknown, prefix = ''): string[] =>
  value && typeof value === 'object' ? Object.entries(value).flatMap(([key, inner]) => keys(inner, `${prefix}${key}.`)) : [prefix.slice(0, -1)]
const at = (l: Localization, key: string) => key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], l)
/** The values a string takes: `{email}`, and the number of `{min, plural, …}`. */
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)[,}]/g)].map(([, name]) => name))].sort()

it('has 25 locales or more, right-to-left ones among them, each its own module named by its tag', () => {
  expect(readdirSync(dir).length).toBe(locales.length)
  expect(locales.length).toBeGreaterThanOrEqual(25)
  for (const { tag, name, l } of locales) {
    expect(l, `${tag}.ts exports ${name}`).toBeDefined()
    expect(l.locale, tag).toBe(tag)
  }
  const rtl = locales.filter(({ l }) => languageOf(l).dir === 'rtl').map(({ tag }) => tag)
  expect(rtl).toEqual(expect.arrayContaining(['ar', 'he', 'fa']))
})

it('has every string in every locale, and only strings, with the same placeholders as English', () => {
  const reference = keys(en).sort()
  for (const { tag, l } of locales) {
    expect(keys(l).sort(), tag).toEqual(reference)
    for (const key of reference) {
      const text = at(l, key)
      expect(typeof text, `${tag}: ${key}`).toBe('string')
      if (key !== 'locale') expect(placeholders(text as string), `${tag}: ${key} keeps the placeholders of "${String(at(en, key))}"`).toEqual(placeholders(at(en, key) as string))
    }
  }
})

// words that are the same in both languages: Danish says "Send link" too
const SAME_AS_ENGLISH: Record<string, string[]> = { da: ['emailLink.send', 'forgotPassword.submit'] }

it('leaves no English sentence in another language', () => {
  for (const { tag, l } of locales) {
    if (tag === 'en') continue
    // a word may be the same (Code, Passkeys, OK); a sentence in English is a string left untranslated
    const leftovers = keys(en).filter((key) => key !== 'locale' && /\s/.test(at(en, key) as string) && at(l, key) === at(en, key) && !SAME_AS_ENGLISH[tag]?.includes(key))
    expect(leftovers, tag).toEqual([])
  }
})

it('writes numbers with the language’s plural forms', () => {
  const min = (tag: string, n: number) => format(locales.find((each) => each.tag === tag)!.l.validation.passwordTooShort, { min: n }, tag)
  expect(min('en', 1)).toBe('Use at least 1 character.')
  expect(min('en', 8)).toBe('Use at least 8 characters.')
  // Russian and Polish have three forms for counted things, Arabic six
  expect(new Set([min('ru', 1), min('ru', 3), min('ru', 8)]).size).toBe(3)
  expect(new Set([min('pl', 1), min('pl', 3), min('pl', 8)]).size).toBe(3)
  for (const { tag } of locales) for (const n of [0, 1, 2, 3, 8, 12, 21, 100]) expect(min(tag, n), `${tag} ${n}`).not.toMatch(/[{}#]/)
})

it('English is the sign-in journey’s strings and the account forms’ own, with nothing said twice', () => {
  const journey = keys(enJourney)
  const account = keys(enAccount)
  expect(journey.filter((key) => account.includes(key))).toEqual([])
  expect([...journey, ...account].sort()).toEqual(keys(en).sort())
})

it('is listed in docs/forms.md, each with its name in its own language and its direction', () => {
  const rows = locales
    .map(({ tag, name, l }) => {
      const own = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag
      return `| \`${tag}\` | \`${name}\` | ${own} | ${languageOf(l).dir === 'rtl' ? 'right to left' : ''} |`
    })
    .sort()
  const body = [`${locales.length} locales:`, '', '| tag | export | language | |', '|---|---|---|---|', ...rows].join('\n')
  expectGeneratedSection(fileURLToPath(new URL('../../docs/forms.md', import.meta.url)), 'locales', 'test/forms/locales.test.ts', body)
})
