/**
 * CLI: runs the in-memory Comindware Platform simulator until SIGINT/SIGTERM.
 *
 *   npm run sim:platform                 # http://127.0.0.1:8081, login admin / admin-password
 *   PORT=0 SIM_LATENCY_MS=200 npm run sim:platform
 *
 * Environment: PORT (default 8081; 0 picks a free port), HOST is always 127.0.0.1, SIM_LOGIN / SIM_PASSWORD
 * (the accepted credentials), SIM_LATENCY_MS (delay before every answer), SIM_SEED=false (start empty),
 * SIM_STRICT=true (answer 400 to requests that do not conform to the OpenAPI files and log them),
 * SIM_ECHO_HEADERS=true (echo the request headers, Authorization included, in every successful answer).
 * The first line printed ends with the base URL, so a spawning test can read it from stdout.
 */
import { startPlatformSimulator, type PlatformSimulatorOptions } from './platform-simulator.js';

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
}

const options: PlatformSimulatorOptions = {
  port: numberFromEnv('PORT') ?? 8081,
  users: [
    { login: process.env.SIM_LOGIN || 'admin', password: process.env.SIM_PASSWORD || 'admin-password' },
  ],
  seed: process.env.SIM_SEED !== 'false',
  strict: process.env.SIM_STRICT === 'true',
  echoHeaders: process.env.SIM_ECHO_HEADERS === 'true',
};
const latencyMs = numberFromEnv('SIM_LATENCY_MS');
if (latencyMs !== undefined) options.latencyMs = latencyMs;

const sim = await startPlatformSimulator(options);
console.log(`Comindware Platform simulator listening on ${sim.url}`);
console.log(
  `  use: CMW_BASE_URL=${sim.url} CMW_LOGIN=${sim.credentials.login} CMW_PASSWORD=${sim.credentials.password}`,
);
console.log(
  `  seeded applications: ${options.seed ? 'HR (Кадры), Fleet (Автопарк)' : 'none'}; Ctrl+C stops it`,
);
if (options.strict) console.log('  strict: non-conforming requests get 400 and are logged');
if (options.echoHeaders) console.log('  echo: successful answers carry the request headers (requestHeaders)');

let reported = 0;
const timer = setInterval(() => {
  for (const violation of sim.violations.slice(reported))
    console.warn(`[${violation.kind}] ${violation.method} ${violation.path}: ${violation.errors.join('; ')}`);
  reported = sim.violations.length;
}, 500);

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  console.log(`${signal} received, stopping the platform simulator`);
  sim.close().then(
    () => {
      process.exitCode = 0;
    },
    (error: unknown) => {
      console.error('failed to stop the platform simulator', error);
      process.exitCode = 1;
    },
  );
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
