import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html-escape';

describe('escapeHtml', () => {
  it('turns every character that could end an attribute or open a tag into a reference', () => {
    const text = `<b title='x' data-a="y">Tom & Jerry</b>`;
    const escaped = escapeHtml(text);
    expect(escaped).not.toMatch(/[<>"']|&(?!amp;|lt;|gt;|quot;|#39;)/);
    // What a browser reads back is the text as written.
    const decoded = escaped.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);
    expect(decoded).toBe(text);
  });

  it('leaves plain text and TeX as they are', () => {
    expect(escapeHtml('Let $x \\le y$; see (2.1).')).toBe('Let $x \\le y$; see (2.1).');
  });
});
