import { describe, expect, it } from 'vitest';
import { checkClientMessage, jsonNestingDepth, MAX_CLIENT_MESSAGE_DEPTH } from './client-messages';

describe('client message checks', () => {
  it('measures nesting without counting brackets inside strings', () => {
    expect(jsonNestingDepth('{"a":[1,{"b":"[[[[{{"}]}')).toBe(3);
    expect(jsonNestingDepth('"\\"[["')).toBe(0);
    expect(jsonNestingDepth('['.repeat(1000))).toBe(1000);
  });

  it('accepts birpc requests and keeps only the envelope fields', () => {
    expect(checkClientMessage('{"t":"q","i":"x1","m":"listWorkspace","a":[],"extra":1}')).toEqual({ ok: true, request: { t: 'q', i: 'x1', m: 'listWorkspace', a: [] } });
    expect(checkClientMessage('{"t":"q","m":"ping","a":[1],"o":true}')).toEqual({ ok: true, request: { t: 'q', m: 'ping', a: [1], o: true } });
  });

  it('refuses every other shape with a reason, and keeps a usable id to answer on', () => {
    for (const text of ['null', '1', '"q"', '[]', 'not json', '{"t":"q","i":7,"m":"x","a":[]}', '{"t":"q","i":"","m":"x","a":[]}']) {
      const result = checkClientMessage(text);
      expect(result.ok, text).toBe(false);
      expect(result.ok === false && result.id, text).toBeUndefined();
    }
    expect(checkClientMessage('{"t":"s","i":"1:x","r":1}')).toMatchObject({ ok: false, id: '1:x', reason: expect.stringMatching(/only send requests/) });
    expect(checkClientMessage('{"t":"q","i":"a","a":[]}')).toMatchObject({ ok: false, id: 'a' });
    const deep = `{"t":"q","i":"a","m":"x","a":${'['.repeat(MAX_CLIENT_MESSAGE_DEPTH)}${']'.repeat(MAX_CLIENT_MESSAGE_DEPTH)}}`;
    expect(checkClientMessage(deep)).toMatchObject({ ok: false, reason: expect.stringMatching(/nested deeper/) });
  });
});
