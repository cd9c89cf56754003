/// <reference types="vitest/config" />
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { createReferenceBackend } from './src/testing/index.ts'
import { referenceBackendPlugin } from './src/testing/node.ts'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as Record<string, Record<string, string>>
// every package keyward depends on is imported, not bundled: peers stay the app's one copy (react-hook-form's
// context and @simplewebauthn/browser's WebAuthnAbortService must be the app's), and the app's bundler
// dedupes the dependencies it shares with keyward
const packages = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })
const isPackage = (id: string) => id.startsWith('node:') || packages.some((name) => id === name || id.startsWith(`${name}/`))
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

// `npm run dev`: the demo app with the reference backend mounted at /auth/v1 (same origin, real HTTP).
// `npm run build`: the library, one ES module per entry point.
// `vitest`: the tests (mode 'test'; the e2e suite starts the demo itself).
/** The build's entries that hold React components or hooks. */
const CLIENT_ENTRIES = ['index', 'forms']

export default defineConfig(({ command, mode }) => {
  const demo = command === 'serve' && mode !== 'test'
  // `npm run dev:authjs`: Auth.js on the demo's origin, as a Next.js app has it — its routes (and the
  // app's sign-up route, and the test server's outbox) proxied to the Auth.js server, the Host kept
  const authJs = demo ? process.env.KEYWARD_AUTHJS_SERVER : undefined
  return {
    root: demo ? 'demo' : '.',
    plugins: [
      react(),
      demo
        ? referenceBackendPlugin({
            path: '/auth/v1',
            handler: createReferenceBackend({
              basePath: '/auth/v1',
              clientUrl: 'http://localhost:5173',
              allowedRedirectUrls: ['http://localhost:*'],
              exposeOutbox: true,
            }).fetch,
          })
        : null,
    ],
    server: { host: 'localhost', port: 5173, ...(authJs ? { proxy: { '/api': { target: authJs, changeOrigin: false }, '/__outbox': { target: authJs, changeOrigin: false } } } : {}) },
    resolve: {
      // the demo imports the package by name, as an app would, straight from the sources
      alias: [
        { find: /^keyward\/backends\/nhost$/, replacement: source('./src/backends/nhost/index.ts') },
        { find: /^keyward\/backends\/better-auth$/, replacement: source('./src/backends/better-auth/index.ts') },
        { find: /^keyward\/backends\/medusa$/, replacement: source('./src/backends/medusa/index.ts') },
        { find: /^keyward\/backends\/oidc$/, replacement: source('./src/backends/oidc/index.ts') },
        { find: /^keyward\/backends\/authhero$/, replacement: source('./src/backends/authhero/index.ts') },
        { find: /^keyward\/backends\/replyke$/, replacement: source('./src/backends/replyke/index.ts') },
        { find: /^keyward\/backends\/credebl$/, replacement: source('./src/backends/credebl/index.ts') },
        { find: /^keyward\/backends\/authjs$/, replacement: source('./src/backends/authjs/index.ts') },
        { find: /^keyward\/backends\/supabase$/, replacement: source('./src/backends/supabase/index.ts') },
        { find: /^keyward\/backends\/kit$/, replacement: source('./src/backends/kit/index.ts') },
        { find: /^keyward\/forms$/, replacement: source('./src/forms/index.ts') },
        { find: /^keyward\/forms\/schemas$/, replacement: source('./src/forms/schemas.ts') },
        { find: /^keyward\/forms\.css$/, replacement: source('./src/forms/forms.css') },
        { find: /^keyward\/core$/, replacement: source('./src/core/index.ts') },
        { find: /^keyward\/server$/, replacement: source('./src/server/index.ts') },
        { find: /^keyward\/testing$/, replacement: source('./src/testing/index.ts') },
        { find: /^keyward\/testing\/(node|msw|conformance)$/, replacement: source('./src/testing/$1.ts') },
        { find: /^keyward\/testing\/react$/, replacement: source('./src/testing/react.tsx') },
        { find: /^keyward$/, replacement: source('./src/index.ts') },
      ],
    },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      // no source maps in the package: the output is unminified ES modules that keep the sources' names
      // and layout, readable in a stack trace and a debugger as they are; maps would double the tarball
      sourcemap: false,
      minify: false,
      lib: {
        formats: ['es'],
        entry: {
          index: 'src/index.ts',
          core: 'src/core/index.ts',
          server: 'src/server/index.ts',
          forms: 'src/forms/index.ts',
          'forms/schemas': 'src/forms/schemas.ts',
          // each locale its own module: an app loads only the ones it imports
          ...Object.fromEntries(readdirSync('src/forms/locales').map((file) => [`forms/locales/${file.replace(/\.ts$/, '')}`, `src/forms/locales/${file}`])),
          'backends/nhost': 'src/backends/nhost/index.ts',
          'backends/better-auth': 'src/backends/better-auth/index.ts',
          'backends/medusa': 'src/backends/medusa/index.ts',
          'backends/oidc': 'src/backends/oidc/index.ts',
          'backends/authhero': 'src/backends/authhero/index.ts',
          'backends/replyke': 'src/backends/replyke/index.ts',
          'backends/authjs': 'src/backends/authjs/index.ts',
          'backends/supabase': 'src/backends/supabase/index.ts',
          'backends/credebl': 'src/backends/credebl/index.ts',
          'backends/kit': 'src/backends/kit/index.ts',
          testing: 'src/testing/index.ts',
          'testing/node': 'src/testing/node.ts',
          'testing/react': 'src/testing/react.tsx',
          'testing/msw': 'src/testing/msw.ts',
          'testing/conformance': 'src/testing/conformance.ts',
        },
      },
      rollupOptions: {
        external: isPackage,
        // one file per source module, as the sources are: an app's bundler then leaves out every module
        // the app does not reach, where a merged chunk kept the top-level code of all it merged (a
        // headless password sign-in: 20.46 → 17.63 kB gzip in the bench's journeys).
        // The entries with components and hooks are client modules for React Server Components (Next.js
        // App Router): a server component imports them as client references. `keyward/core` and the
        // adapters hold no React and stay usable on a server.
        output: { preserveModules: true, preserveModulesRoot: 'src', banner: (chunk) => (chunk.isEntry && CLIENT_ENTRIES.includes(chunk.name) ? "'use client'" : '') },
      },
    },
    test: {
      include: ['test/**/*.test.{ts,tsx}'],
      exclude: ['test/e2e/**', 'node_modules/**'],
      environment: 'node',
      // the Nhost contract is derived once per run and handed to every file; every backend a test
      // wires checks its own traffic against it
      globalSetup: ['test/contract/global-setup.ts', 'test/servers/global-setup.ts'],
      setupFiles: ['test/support/setup.ts'],
      // Replyke's own SDK (test/standins/replyke-official-client.test.ts) ships ESM whose imports have no
      // file extensions, which Node cannot load: Vite transforms it instead
      server: { deps: { inline: [/@replyke\/core/] } },
      // the slowest test does about 1 s of work on an idle machine (password hashing, RSA signatures,
      // WebAuthn verification); 20 s leaves room for a machine many times slower or busier
      testTimeout: 20_000,
    },
  }
})
