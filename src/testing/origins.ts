/** Loopback pages on any port: where an app's dev server runs (the reference backend's and `serve()`'s default). */
export const LOOPBACK_ORIGINS: readonly string[] = ['http://localhost:*', 'http://127.0.0.1:*']
