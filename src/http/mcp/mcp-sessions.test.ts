import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { McpSessions, type McpSession } from './mcp-sessions.js';

let sessions: McpSessions | undefined;
afterEach(async () => sessions?.close());

/** A session whose server only records that it was closed. */
function session(id: string, owner = 'mcp:k1'): McpSession & { closed: () => boolean } {
  let closed = false;
  const server = { close: () => Promise.resolve(void (closed = true)) } as unknown as Server;
  return {
    id,
    owner,
    credentialsDigest: 'd',
    transport: {} as StreamableHTTPServerTransport,
    server,
    usedAt: Date.now(),
    closed: () => closed,
  };
}

describe('McpSessions', () => {
  it('finds a session only for its owner', () => {
    sessions = new McpSessions({ idleMs: 60_000, maxSessions: 10 });
    sessions.add(session('a'));
    expect(sessions.get('a', 'mcp:k1')?.id).toBe('a');
    expect(sessions.get('a', 'mcp:k2')).toBeUndefined();
    expect(sessions.get('b', 'mcp:k1')).toBeUndefined();
  });

  it('closes sessions idle longer than idleMs, and counts only the open ones against maxSessions', async () => {
    sessions = new McpSessions({ idleMs: 30, maxSessions: 1 });
    const idle = session('a');
    sessions.add(idle);
    expect(sessions.full).toBe(true);
    await new Promise((r) => setTimeout(r, 80));
    expect(sessions.get('a', 'mcp:k1')).toBeUndefined();
    expect(idle.closed()).toBe(true);
    expect(sessions.full).toBe(false);
  });

  it('closes every session when the server stops', async () => {
    sessions = new McpSessions({ idleMs: 60_000, maxSessions: 10 });
    const [a, b] = [session('a'), session('b', 'mcp:k2')];
    sessions.add(a);
    sessions.add(b);
    await sessions.close();
    expect(a.closed() && b.closed()).toBe(true);
    expect(sessions.get('a', 'mcp:k1')).toBeUndefined();
  });
});
