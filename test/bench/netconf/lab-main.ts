/**
 * Runs the lab NETCONF server in its own process for the benchmark (so the client under test and
 * the server do not share an event loop). Prints `{"port":…,"fingerprint":…}` and serves until
 * stdin closes. Password: bench/bench.
 */
import { labKeyPair } from '../../lab/host-key.js';
import { start } from '../../lab/netconf/server.js';

const key = labKeyPair({ type: 'rsa' });
const server = await start({ hostKeys: [key.private], users: [{ username: 'bench', password: 'bench' }] });
process.stdout.write(`${JSON.stringify({ port: server.port, fingerprint: server.hostKeyFingerprints[0] })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.stop().then(() => process.exit(0)));
