// Docker HEALTHCHECK of the ecpa image: GET /healthz on the agent's own listener, exit 0 when it
// answers 200 within 3 s. $ECPA_HEALTH_URL overrides the URL (default http://127.0.0.1:9469/healthz).
// Over https the certificate is not verified: this probes liveness of the local process, not trust.
import { request as http } from 'node:http';
import { request as https } from 'node:https';

const url = new URL(process.env.ECPA_HEALTH_URL ?? 'http://127.0.0.1:9469/healthz');
const send = url.protocol === 'https:' ? https : http;
const req = send(url, { timeout: 3000, rejectUnauthorized: false }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('timeout')));
req.on('error', (error) => {
  process.stderr.write(`healthcheck ${url.href}: ${error.message}\n`);
  process.exit(1);
});
req.end();
