// The live channel of a single process (the SQLite default): a publish reaches this
// process's subscribers at once, as there are no other nodes to tell.
import type { LiveChannel, LiveMessage } from './contract.ts';

export function localLiveChannel(): LiveChannel {
  const listeners = new Set<(m: LiveMessage) => void>();
  return {
    shared: false,
    async publish(message) {
      for (const l of listeners) l(message);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
