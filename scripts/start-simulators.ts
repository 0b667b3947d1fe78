/**
 * `npm run sim`: the LLM simulator and the Comindware Platform simulator in one process, for trying the agent
 * without an LLM key or a platform (README, "No key? Use the simulators"). Ctrl+C stops both.
 *
 * Environment: SIM_LLM_PORT (default 11435) and SIM_PLATFORM_PORT (default 8081); 0 picks a free port. Each
 * simulator's own CLI (`npm run sim:llm`, `npm run sim:platform`) has more options.
 */
import process from 'node:process';
import { startLlmSimulator } from '../test/sim/llm/llm-simulator.js';
import { startPlatformSimulator } from '../test/sim/platform/platform-simulator.js';

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name} must be a port number, got ${raw}`);
  return port;
}

const llm = await startLlmSimulator({ port: portFromEnv('SIM_LLM_PORT', 11435) });
const platform = await startPlatformSimulator({ port: portFromEnv('SIM_PLATFORM_PORT', 8081) });
const { login, password } = platform.credentials;
process.stdout.write(
  [
    `LLM simulator on ${llm.url}: it echoes the question, answers to any model name, and does what a`,
    '  [[sim:{…}]] directive in the question says (test/sim/llm/README.md)',
    `Comindware Platform simulator on ${platform.url} (applications HR and Fleet)`,
    'The agent reaches both with these lines in .env:',
    '  AGENT_PROVIDER=openai',
    `  OPENAI_BASE_URL=${llm.url}`,
    '  AGENT_DEFAULT_MODEL=qwen/qwen3.6-plus',
    `  CMW_BASE_URL=${platform.url}`,
    `  CMW_LOGIN=${login}`,
    `  CMW_PASSWORD=${password}`,
    'Ctrl+C stops both.',
    '',
  ].join('\n'),
);

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  Promise.all([llm.close(), platform.close()]).then(
    () => process.stdout.write('simulators stopped\n'),
    (error: unknown) => {
      process.stderr.write(`failed to stop the simulators: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
