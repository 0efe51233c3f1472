// Durability of a commit, off the event loop. With synchronous=FULL, SQLite fsyncs the
// WAL inside every commit, and the event loop waits for the disk. synchronous=NORMAL
// commits without that fsync and is otherwise the same ("FULL = NORMAL plus a sync of
// the WAL after each commit", sqlite.org/pragma.html#pragma_synchronous): this module
// does that sync on the thread pool instead and says when it is done, so a chunk is
// still acknowledged only once it would survive a power loss. Each group commit starts
// its own sync right after it (one sync at a time made a commit wait for the one under
// way and then its own: slower at 60 KB chunks in the bench).
import { openSync, closeSync, fstatSync, statSync, fsync } from 'node:fs';
import { promisify } from 'node:util';

const fsyncAsync = promisify(fsync);
/** How often the WAL file is checked to be the one the descriptor is open on. */
const RECHECK_MS = 1000;

export interface WalSync {
  /** Resolves once everything committed before the call is on disk. */
  synced(): Promise<void>;
  /** Closes the descriptor; a sync under way then fails (the store is closing). */
  close(): void;
}

export function walSync(walFile: string): WalSync {
  let fd: number | null = null;
  let checkedAt = 0;

  /** fsync is per file, not per descriptor: any descriptor of the WAL file will do, if it is still that file. */
  function descriptor(): number {
    const now = Date.now();
    if (fd !== null && now - checkedAt > RECHECK_MS) {
      checkedAt = now;
      const mine = fstatSync(fd);
      let current: { ino: number; dev: number } | null = null;
      try {
        current = statSync(walFile);
      } catch {
        // gone: opened again below, when it is there
      }
      if (!current || current.ino !== mine.ino || current.dev !== mine.dev) {
        closeSync(fd);
        fd = null;
      }
    }
    if (fd === null) {
      // Read-write, though nothing is written through it: Windows flushes only handles that may write.
      fd = openSync(walFile, 'r+');
      checkedAt = now;
    }
    return fd;
  }

  return {
    synced: async () => fsyncAsync(descriptor()),
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
