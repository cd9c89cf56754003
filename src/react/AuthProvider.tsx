import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { type ReactNode, useContext, useEffect, useState } from 'react'
import { type AuthClient, type AuthClientOptions, createAuthClient } from '../core/client.js'
import { AuthContext } from './context.js'

export type AuthProviderProps = { children?: ReactNode; queryClient?: QueryClient } & (
  | { client: AuthClient; backend?: never }
  | ({ client?: never } & AuthClientOptions)
)

/**
 * Makes the session and the hooks available below it. Pass a `client` you created, or a `backend`
 * (plus any `createAuthClient` option). Uses the app's QueryClient when there is one.
 *
 * @example
 * <AuthProvider backend={nhost({ url: '/auth/v1' })} storage={localStorageStorage()}>
 *   <App />
 * </AuthProvider>
 */
export function AuthProvider(props: AuthProviderProps) {
  const { children, queryClient } = props
  // created once; later prop changes do not replace the client (and its session)
  const [client] = useState(() => props.client ?? createAuthClient(props as AuthClientOptions))
  // restore, sync and refresh timers start in the browser only, never during a server render
  useEffect(() => client.start(), [client])

  const appQueryClient = useContext(QueryClientContext)
  const [ownQueryClient] = useState(() => (queryClient || appQueryClient ? null : new QueryClient()))
  const content = <AuthContext.Provider value={client}>{children}</AuthContext.Provider>
  const qc = queryClient ?? ownQueryClient
  return qc ? <QueryClientProvider client={qc}>{content}</QueryClientProvider> : content
}
