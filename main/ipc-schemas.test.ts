import { describe, expect, it } from 'vitest';
import { DocumentShownArgs, OpenExternalArgs, SaveDialogArgs } from './ipc-schemas';

describe('IPC payload schemas', () => {
  it('accept the shapes the preload sends', () => {
    expect(SaveDialogArgs.parse({ suggestedName: 'proof.md' })).toEqual({ suggestedName: 'proof.md' });
    expect(SaveDialogArgs.parse(undefined)).toBeUndefined();
    expect(OpenExternalArgs.parse({ url: 'https://github.com/' })).toEqual({ url: 'https://github.com/' });
    expect(DocumentShownArgs.parse({ path: null, name: 'a.md', dirty: true })).toMatchObject({ name: 'a.md' });
  });

  it('reject paths posing as names, extra keys and wrong types', () => {
    expect(SaveDialogArgs.safeParse({ suggestedName: '../../etc/passwd' }).success).toBe(false);
    expect(SaveDialogArgs.safeParse({ suggestedName: 'a.md', defaultPath: '/' }).success).toBe(false);
    expect(OpenExternalArgs.safeParse({ url: 42 }).success).toBe(false);
    expect(DocumentShownArgs.safeParse({ path: null, name: 'a', dirty: 'yes' }).success).toBe(false);
  });
});
