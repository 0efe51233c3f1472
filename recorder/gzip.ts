/** gzip in the browser's own compressor, off the main thread's JS; plain text where unsupported. */
export async function gzip(text: string): Promise<Blob | string> {
  if (typeof CompressionStream !== 'function') return text;
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).blob();
}

export const byteSize = (body: Blob | string): number => (typeof body === 'string' ? body.length * 3 : body.size);
