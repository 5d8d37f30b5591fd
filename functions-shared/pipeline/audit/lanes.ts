/**
 * Burst lanes for the audit writer. A write that meets an identifier new to the database (a user, or a
 * user's session, address or agent) inserts its pseudonym mapping row, uncommitted until the write ends;
 * any concurrent write meeting the same identifier waits for that commit. Under a burst, full batches of
 * many callers ran concurrently and waited on each other in a chain. Lanes regroup those events by caller,
 * one lane per pooled connection, each lane writing its own queue one call at a time: concurrent writes
 * then never share a caller, and a caller's events keep their order.
 */

export interface BurstLanesOptions<E> {
  /** How many writes may run at once (the pool's connections). */
  readonly count: number;
  /** Events per write. */
  readonly maxBatch: number;
  /** The caller an event belongs to (events with the same key share a lane). */
  readonly keyOf: (event: E) => string;
  /** Writes one chunk; failures are the writer's to handle (spool, retain). */
  readonly write: (events: E[]) => Promise<void>;
  /** Tracks a lane's work (so that flush awaits it and the isolate is kept alive for it). */
  readonly track: (work: Promise<void>) => void;
}

export interface BurstLanes<E> {
  /** Adds events to their lanes and starts every idle lane that has some (push([]) restarts idle ones). */
  push(events: readonly E[]): void;
  /** Some lane is writing or has events waiting: later events go through the lanes too, in order. */
  readonly active: boolean;
}

export function burstLanes<E>(options: BurstLanesOptions<E>): BurstLanes<E> {
  const lanes = Array.from({ length: Math.max(1, options.count) }, () => ({ queue: [] as E[], busy: false }));

  function drain(lane: { queue: E[]; busy: boolean }): void {
    lane.busy = true;
    options.track((async () => {
      try {
        while (lane.queue.length > 0) await options.write(lane.queue.splice(0, options.maxBatch));
      } finally {
        lane.busy = false; // after a throw the rest waits for the next push (flush pushes nothing)
      }
    })());
  }

  return {
    push(events) {
      for (const event of events) lanes[laneIndex(options.keyOf(event), lanes.length)].queue.push(event);
      for (const lane of lanes) if (!lane.busy && lane.queue.length > 0) drain(lane);
    },
    get active() {
      return lanes.some((lane) => lane.busy || lane.queue.length > 0);
    },
  };
}

/** FNV-1a of the key, modulo the lane count. */
export function laneIndex(key: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % count;
}
