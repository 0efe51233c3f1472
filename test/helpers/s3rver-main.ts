// Runs s3rver in its own process, started by test/helpers/s3.ts with
// --openssl-legacy-provider: s3rver ciphers its list continuation tokens with DES, which
// Node's OpenSSL 3 offers only from the legacy provider. Prints its port, then serves
// until its parent closes stdin (or dies).
import S3rver from 's3rver';

const [directory, bucket] = process.argv.slice(2);
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: directory!, configureBuckets: [{ name: bucket! }] });
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().finally(() => process.exit(0)));
