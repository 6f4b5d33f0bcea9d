import { describe, expect, it } from 'vitest';
import { HostControlSchema, HostNoticeSchema, parseHostMessage } from './host-protocol';

describe('engine host protocol', () => {
  it('accepts the messages host, supervisor and Electron main exchange', () => {
    const never = (reason: string) => expect.unreachable(reason);
    expect(parseHostMessage(HostControlSchema, { type: 'grant', path: '/home/a/proof.md', id: 'g1' }, never)).toEqual({ type: 'grant', path: '/home/a/proof.md', id: 'g1' });
    expect(parseHostMessage(HostNoticeSchema, { type: 'ready', pid: 42 }, never)).toEqual({ type: 'ready', pid: 42 });
    expect(parseHostMessage(HostNoticeSchema, { type: 'granted', id: 'g1', ok: false }, never)).toMatchObject({ ok: false });
  });

  it('drops a malformed message and says what is wrong with it', () => {
    const reasons: string[] = [];
    const heard = (reason: string) => void reasons.push(reason);
    expect(parseHostMessage(HostControlSchema, { type: 'grant', path: 7 }, heard)).toBeNull();
    expect(parseHostMessage(HostControlSchema, { type: 'format-disk' }, heard)).toBeNull();
    expect(parseHostMessage(HostNoticeSchema, { type: 'granted', id: 'g1', ok: 'yes' }, heard)).toBeNull();
    expect(parseHostMessage(HostNoticeSchema, null, heard)).toBeNull();
    expect(reasons[0]).toMatch(/^malformed control message: path: /);
    expect(reasons[1]).toMatch(/^malformed control message: type: /);
    expect(reasons[2]).toMatch(/^malformed engine host notice: ok: /);
    expect(reasons).toHaveLength(4);
  });
});
