// Holds chunks between their PII scan and their commit while closed: the window in
// which an erasure can answer while a chunk of the same visitor is still on its way.
import type { PiiScanner } from '../../server/pii/scan-pool.ts';

export function scanGate() {
  let closed = false;
  const held: (() => void)[] = [];
  return {
    wrap: (scanner: PiiScanner): PiiScanner => ({
      get enabled() {
        return scanner.enabled;
      },
      close: () => scanner.close(),
      decodeJson: scanner.decodeJson,
      parseHeader: scanner.parseHeader,
      async scan(...args) {
        const result = await scanner.scan(...args);
        if (closed) await new Promise<void>((resolve) => held.push(resolve));
        return result;
      },
    }),
    /** Chunks scanned and waiting for the gate to open. */
    get held() {
      return held.length;
    },
    close: () => void (closed = true),
    open() {
      closed = false;
      held.splice(0).forEach((release) => release());
    },
  };
}
