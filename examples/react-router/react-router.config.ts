import type { Config } from '@react-router/dev/config'

// Server rendering on: loaders verify the session before the first byte.
export default { ssr: true } satisfies Config
