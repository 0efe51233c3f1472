// Where chunk blobs go when they are kept outside the database: an object store, named by
// keys relative to the store's own prefix. Small on purpose: what the chunk decorator
// (external-chunks.ts) and readiness need, nothing an S3 SDK would add.

export interface BlobStore {
  readonly kind: 's3';
  /** Where the blobs are, for messages: never a secret. */
  readonly location: string;
  /** Resolves once the object is stored whole (its checksum checked by the server). */
  put(key: string, data: Buffer): Promise<void>;
  /** The object's bytes, or null when there is no object under the key. */
  get(key: string): Promise<Buffer | null>;
  /** Deletes these keys (missing ones are no error). */
  deleteKeys(keys: readonly string[]): Promise<void>;
  /** Deletes every object whose key starts with `prefix` (not empty); answers how many were found. */
  deletePrefix(prefix: string): Promise<number>;
  /** Every key under `prefix`, in the store's order (lexicographic on S3). */
  list(prefix: string): AsyncIterable<string>;
  /** Throws, saying why, when the bucket cannot be reached with these credentials (readiness). */
  check(): Promise<void>;
}
