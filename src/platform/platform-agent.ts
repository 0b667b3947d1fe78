import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { createGuardedLookup } from './guarded-lookup.js';

/** Options of {@link createPlatformAgent}. */
export interface PlatformAgentOptions {
  /** The resolver whose answers are checked; defaults to `dns.lookup`. Tests inject one to avoid real DNS. */
  readonly lookup?: LookupFunction;
  /**
   * How long an idle keep-alive connection stays open.
   * @default 10000
   */
  readonly keepAliveTimeoutMs?: number;
  /**
   * Longest time to open a connection (DNS + TCP + TLS).
   * @default 10000
   */
  readonly connectTimeoutMs?: number;
}

/**
 * An undici connection pool for platform calls: keep-alive, and a DNS lookup that refuses link-local and cloud
 * metadata addresses before any socket is opened.
 * @param options - resolver and timeouts
 */
export function createPlatformAgent(options: PlatformAgentOptions = {}): Agent {
  return new Agent({
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
    keepAliveMaxTimeout: 60_000,
    connections: 16,
    connect: {
      lookup: createGuardedLookup(options.lookup),
      timeout: options.connectTimeoutMs ?? 10_000,
    },
  });
}

let shared: Agent | undefined;

/**
 * The process-wide pool every run's platform client shares, so keep-alive connections outlive a single run.
 * Created on first use.
 */
export function sharedPlatformAgent(): Agent {
  shared ??= createPlatformAgent();
  return shared;
}

/** Closes the shared pool (graceful shutdown); the next call creates a new one. */
export async function closeSharedPlatformAgent(): Promise<void> {
  const agent = shared;
  shared = undefined;
  await agent?.close();
}
