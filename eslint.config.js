import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

// React may only enter through src/react and src/forms: the core and the backends
// must run in any JavaScript runtime (workers, React Native, servers).
const noReact = {
  patterns: [
    { group: ['react', 'react/*', 'react-dom', 'react-dom/*', '@tanstack/react-query'], message: 'src/core and src/backends must not import React.' },
    { group: ['**/react/**', '**/forms/**', '**/testing/**'], message: 'src/core and src/backends may not depend on the React layer or the reference backend.' },
  ],
}

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'storybook-static', 'coverage', 'examples/*/dist', 'examples/*/.next', 'examples/*/next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'demo/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  { files: ['src/core/**', 'src/backends/**'], rules: { 'no-restricted-imports': ['error', noReact] } },
  // An adapter is built from the public kit alone, as an eighth backend written outside this
  // repository would be: keyward/backends/kit (../kit/index.js), its own files, and another adapter's
  // public entry (AuthHero extends OpenID Connect). Never core's modules or another adapter's insides.
  {
    files: ['src/backends/**'],
    ignores: ['src/backends/kit/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noReact.patterns,
            { regex: '^\\.\\./\\.\\./', message: 'Adapters import keyward/backends/kit (../kit/index.js), not core modules.' },
            { regex: '^\\.\\./(?![a-z-]+/index\\.js$)', message: 'Adapters import only the kit and other adapters’ public entries (../<name>/index.js).' },
          ],
        },
      ],
    },
  },
  // The example adapter of docs/writing-a-backend.md: the public kit and its reply schemas' Valibot, nothing else.
  {
    files: ['docs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!keyward/backends/kit$|valibot$)', message: 'The example adapter imports only keyward/backends/kit (and valibot).' }] }] },
  },
  // The forms are built on the public API only, as an app's own forms would be: everything they take
  // from outside src/forms comes through the root entry, so only names `keyward` exports compile.
  {
    files: ['src/forms/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            // through the root entry only: what they import is what `keyward` exports, name by name
            { regex: '^\\.\\./(?!index\\.js$|localization\\.js$)', message: 'Forms import from the public entry (../index.js), as an app’s own forms would: public names only.' },
            { regex: '^\\.\\./\\.\\./', message: 'Forms import from the public entry (../index.js), as an app’s own forms would: public names only.' },
            { group: ['../backends/*', '../backends/**'], message: 'Forms know no backend: they read useCapabilities().' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[property.name='backend']", message: 'Forms read what the backend offers through useCapabilities(), not client.backend.' }],
    },
  },
  {
    files: ['src/testing/**'],
    // renderWithAuth (keyward/testing/react) is the one part made for React: it wraps the app's UI
    ignores: ['src/testing/react.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/react/**', '**/forms/**', 'react', 'react-dom'], message: 'The reference backend must not depend on React.' }] }] },
  },
  {
    files: ['test/**'],
    rules: { 'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name=/^(only|skip|todo)$/]", message: 'No focused or skipped tests.' }] },
  },
)
