/**
 * Where the session is kept (docs/server.md), chosen when the app is built:
 * - `cookie` (default): in the browser, in keyward's cookie (`cookieStorage()`), which the server reads;
 * - `token-route`: the refresh token in an httpOnly cookie of the app's route (app/api/auth/route.ts),
 *   the access token in the page's memory only.
 */
export const MODE: 'cookie' | 'token-route' = process.env.NEXT_PUBLIC_KEYWARD_MODE === 'token-route' ? 'token-route' : 'cookie'
