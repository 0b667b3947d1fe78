/**
 * Fills the global `fetch` pool (the one the server's AI SDK calls use, since the server runs in this
 * process) with `count` keep-alive connections to the simulator, by sending that many `GET /models` at once.
 * Without it the first wave of a load test waits for the simulator, which shares the event loop, to accept
 * its connections one per event-loop turn.
 * @param simUrl - the simulator's base URL (`sim.url`)
 * @param count - connections to open
 */
export async function openSimConnections(simUrl: string, count: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, async () => {
      const response = await fetch(`${simUrl}/models`);
      await response.arrayBuffer();
    }),
  );
}
