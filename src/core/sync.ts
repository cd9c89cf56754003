import type { TokenStorage } from './storage.js'
import type { Session } from './types.js'

export type SyncMessage = { type: 'session'; session: Session } | { type: 'signedOut' }

/** Carries new sessions and sign-outs between tabs of one origin. */
export interface SyncChannel {
  post(message: SyncMessage): void
  subscribe(listener: (message: SyncMessage) => void): () => void
  close(): void
}

/** A BroadcastChannel-backed channel, or `null` where the runtime has none. */
export function broadcastChannelSync(name: string): SyncChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null
  const channel = new BroadcastChannel(name)
  const listeners = new Set<(message: SyncMessage) => void>()
  channel.onmessage = (event: MessageEvent) => {
    const message = event.data as SyncMessage
    if (message && (message.type === 'session' || message.type === 'signedOut')) {
      for (const listener of listeners) listener(message)
    }
  }
  return {
    post: (message) => channel.postMessage(message),
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close: () => channel.close(),
  }
}

/**
 * Connects a client to its other tabs: `sync` (a channel of your own, or `true` for BroadcastChannel,
 * else the storage's change events) brings each session or sign-out another tab announces to
 * `onNews` (`null`: signed out). Returns how to announce ours, and how to disconnect (a channel of
 * your own is left open).
 */
export function connectTabs(
  sync: true | SyncChannel,
  storage: TokenStorage,
  name: string,
  read: () => Promise<Session | null>,
  onNews: (session: Session | null) => void,
): { post(message: SyncMessage): void; close(): void } {
  const channel = sync === true ? broadcastChannelSync(`${name}:session`) : sync
  const off = channel
    ? channel.subscribe((message) => onNews(message.type === 'session' ? message.session : null))
    : storage.subscribe?.(() => void read().then(onNews))
  return {
    post: (message) => channel?.post(message),
    close() {
      off?.()
      if (sync === true) channel?.close()
    },
  }
}
