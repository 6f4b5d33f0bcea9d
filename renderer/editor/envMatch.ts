// `\begin{x}` ↔ `\end{x}` matching, like bracket matching but for LaTeX environments.
import type { SourceRange } from '../../app/common/text';

export interface EnvironmentPair {
  name: string;
  begin: SourceRange;
  end: SourceRange;
}

const TAG_RE = /\\(begin|end)\{([^{}\n]*)\}/g;

interface Tag extends SourceRange {
  open: boolean;
  name: string;
}

function tags(text: string): Tag[] {
  const out: Tag[] = [];
  TAG_RE.lastIndex = 0;
  for (let m = TAG_RE.exec(text); m; m = TAG_RE.exec(text)) {
    // A `%` earlier on the line makes this a comment.
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    if (/(^|[^\\])%/.test(text.slice(lineStart, m.index))) continue;
    out.push({ start: m.index, end: m.index + m[0].length, open: m[1] === 'begin', name: m[2] });
  }
  return out;
}

/** The environment pair whose \begin or \end tag contains `offset` (cursor on or just after it), or null. */
export function environmentPairAt(text: string, offset: number): EnvironmentPair | null {
  const all = tags(text);
  const hit = all.findIndex((t) => t.start <= offset && offset <= t.end);
  if (hit < 0) return null;
  const tag = all[hit];
  let depth = 0;
  if (tag.open) {
    for (let i = hit; i < all.length; i++) {
      if (all[i].name !== tag.name) continue;
      depth += all[i].open ? 1 : -1;
      if (depth === 0) return { name: tag.name, begin: { start: tag.start, end: tag.end }, end: { start: all[i].start, end: all[i].end } };
    }
  } else {
    for (let i = hit; i >= 0; i--) {
      if (all[i].name !== tag.name) continue;
      depth += all[i].open ? -1 : 1;
      if (depth === 0) return { name: tag.name, begin: { start: all[i].start, end: all[i].end }, end: { start: tag.start, end: tag.end } };
    }
  }
  return null;
}
