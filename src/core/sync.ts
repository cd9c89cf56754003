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
