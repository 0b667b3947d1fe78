import { describe, expect, it } from 'vitest';
import { canonicalUrl } from './canonical-url.js';

describe('canonicalUrl', () => {
  it.each([
    ['/call/ask_stream', '/call/ask_stream'],
    ['/%63all/ask_stream', '/call/ask_stream'],
    ['/gradio%5Fapi/call/ask', '/gradio_api/call/ask'],
    ['/%76%31/chat/completions', '/v1/chat/completions'],
    ['/%61pi/runs', '/api/runs'],
    ['//call//ask_stream', '/call/ask_stream'],
    ['/./call/./ask_stream', '/call/ask_stream'],
    ['/x/../call/ask_stream', '/call/ask_stream'],
    ['/%2e/call/%2E%2E/call/ask', '/call/ask'],
    ['/../../call/ask', '/call/ask'],
    ['/call/ask_stream/', '/call/ask_stream/'],
    ['/call/ask/..', '/call/'],
    ['/', '/'],
    ['', '/'],
    ['http://127.0.0.1:7860/call/ask_stream', '/call/ask_stream'],
    ['HTTP://evil.example/api/runs?x=1', '/api/runs?x=1'],
    ['http://127.0.0.1:7860', '/'],
    ['/api/runs?after=%2e%2e/x', '/api/runs?after=%2e%2e/x'],
  ])('%s → %s', (raw, canonical) => expect(canonicalUrl(raw)).toBe(canonical));

  it('keeps reserved and non-ASCII escapes encoded (normalised to upper case)', () => {
    expect(canonicalUrl('/api/sessions/a%2fb')).toBe('/api/sessions/a%2Fb');
    expect(canonicalUrl('/call/ask/%ff')).toBe('/call/ask/%FF');
    expect(canonicalUrl('/call/%D0%B0')).toBe('/call/%D0%B0');
  });
});
