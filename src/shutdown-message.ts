/**
 * What the first Ctrl-C (SIGINT or SIGTERM) prints: what shutdown waits for, and that a second one exits at once.
 * @param running - runs still answering
 * @param graceMs - `SHUTDOWN_GRACE_S`, how long they may take before they are cut
 */
export function shutdownMessage(running: number, graceMs: number): string {
  const again = 'press Ctrl-C again to exit now.';
  if (running === 0 || graceMs === 0) return `Shutting down; ${again}`;
  const runs = running === 1 ? '1 run' : `${running} runs`;
  const seconds = Math.round((graceMs / 1000) * 10) / 10;
  return `Shutting down: waiting for ${runs} to finish (up to ${seconds} s); ${again}`;
}
