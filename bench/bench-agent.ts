import { Agent } from 'undici';

/**
 * The benchmark client's connection pool (undici): keep-alive, as many connections per origin as requests
 * in flight, and idle connections kept for 30 s even when a response gives no `Keep-Alive` hint (the event
 * streams do not), so that a load test does not keep opening connections.
 */
export const benchAgent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 30_000 });
