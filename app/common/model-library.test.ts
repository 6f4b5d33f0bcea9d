import { describe, expect, it } from 'vitest';
import { modelLabel, typedPath } from './model-library';

describe('typedPath', () => {
  it('reads a pasted path as a shell reads one word: quotes off, ~ the home folder', () => {
    expect(typedPath('"/a b/m.gguf"', '/home/u')).toBe('/a b/m.gguf');
    expect(typedPath(" '/a b/m.gguf' ", '/home/u')).toBe('/a b/m.gguf');
    expect(typedPath('~/m.gguf', '/home/u')).toBe('/home/u/m.gguf');
    expect(typedPath('~', '/home/u/')).toBe('/home/u/');
    expect(typedPath('~\\m.gguf', 'C:\\Users\\u')).toBe('C:\\Users\\u\\m.gguf');
  });

  it('leaves paths that are not quoted or home-relative as they are', () => {
    expect(typedPath('/a/m.gguf', '/home/u')).toBe('/a/m.gguf');
    expect(typedPath('models/~m.gguf', '/home/u')).toBe('models/~m.gguf');
    expect(typedPath('~other/m.gguf', '/home/u')).toBe('~other/m.gguf');
    expect(typedPath('"/a/m.gguf', '/home/u')).toBe('"/a/m.gguf');
  });
});

describe('modelLabel', () => {
  it('names the file beside the model\'s own name, which several files can share (rev18 F7)', () => {
    expect(modelLabel({ id: 'tiny-a', name: 'proofwright-tiny' })).toBe('proofwright-tiny (tiny-a.gguf)');
    expect(modelLabel({ id: 'tiny', name: 'tiny' })).toBe('tiny.gguf');
  });
});
