import { createPersonalAccessToken, signInWithPersonalAccessToken } from '../core/flows/account.js'
import { useAuthMutation } from './useAuthMutation.js'

/** Personal access tokens: `create` (needs elevation) and `signIn` with one (scripts, CLIs). */
export function usePersonalAccessTokens() {
  return {
    create: useAuthMutation((client, input: { expiresAt: Date; metadata?: Record<string, unknown> | undefined }) => createPersonalAccessToken(client, input)),
    signIn: useAuthMutation((client, personalAccessToken: string) => signInWithPersonalAccessToken(client, personalAccessToken)),
  }
}

/** What `usePersonalAccessTokens()` returns. */
export type UsePersonalAccessTokensResult = ReturnType<typeof usePersonalAccessTokens>
