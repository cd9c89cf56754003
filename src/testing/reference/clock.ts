/** A clock the tests can move. The reference backend reads time only from here. */
export interface Clock {
  now(): number
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void
  set(epochMs: number): void
}

export function createClock(start: number = Date.now()): Clock {
  let offset = start - Date.now()
  let frozen: number | null = null
  return {
    now: () => frozen ?? Date.now() + offset,
    advance(ms) {
      if (frozen !== null) frozen += ms
      else offset += ms
    },
    set(epochMs) {
      if (frozen !== null) frozen = epochMs
      else offset = epochMs - Date.now()
    },
  }
}

/** A clock that only moves when told to. */
export function createFrozenClock(start: number = Date.now()): Clock {
  let now = start
  return {
    now: () => now,
    advance: (ms) => {
      now += ms
    },
    set: (epochMs) => {
      now = epochMs
    },
  }
}
