/** A request body: gzip bytes, or plain text where the browser cannot compress. */
export type Body = Uint8Array<ArrayBuffer> | string;

/**
 * gzip in the browser's own compressor, off the main thread's JS; plain text where
 * unsupported. The text goes in as bytes, not as a Blob: Chrome copies a Blob's data to
 * another process, and for a megabyte-sized mutation burst that copy cost more
 * main-thread time than serializing it (measured on bench/main-thread.ts).
 */
export async function gzip(text: string): Promise<Body> {
  if (typeof CompressionStream !== 'function') return text;
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  // A failure surfaces below, where the compressed bytes are read.
  writer.write(new TextEncoder().encode(text)).then(() => writer.close()).catch(() => undefined);
  return new Uint8Array(await new Response(stream.readable).arrayBuffer());
}

export const byteSize = (body: Body): number => (typeof body === 'string' ? body.length * 3 : body.byteLength);
