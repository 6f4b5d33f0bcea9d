// Draws the preview tree. Only allow-listed tags are created; text is always React text (escaped).
// KaTeX output (trust: false, bounded) is the one HTML string placed as-is.
import { createElement, memo, type ReactNode } from 'react';
import type { PreviewNode } from '../preview/renderBlock';

function draw(node: PreviewNode, key: number): ReactNode {
  switch (node.kind) {
    case 'text':
      return node.value;
    case 'math':
      return (
        <span
          key={key}
          className={node.display ? 'pw-math pw-math-display' : 'pw-math'}
          data-src-start={node.srcStart}
          dangerouslySetInnerHTML={{ __html: node.html }}
        />
      );
    case 'math-error':
      return (
        <span key={key} className={`pw-math-error${node.display ? ' pw-math-display' : ''}`} data-src-start={node.srcStart} title={node.message} role="note">
          <code>{node.source}</code>
          <span className="pw-math-error-message">{node.message}</span>
        </span>
      );
    case 'el': {
      const props: Record<string, unknown> = { key };
      if (node.className) props.className = node.className;
      if (node.start !== undefined && node.start !== 1) props.start = node.start;
      if (node.tag === 'a') {
        if (node.href) {
          props.href = node.href;
          props.target = '_blank';
          props.rel = 'noopener noreferrer';
        }
      }
      const children = node.children.map(draw);
      return createElement(node.tag, props, ...(node.tag === 'hr' || node.tag === 'br' ? [] : children));
    }
  }
}

/** Re-renders only when the block's rendered tree is a different object (i.e. its text changed). */
export const PreviewContent = memo(function PreviewContent({ nodes }: { nodes: PreviewNode[] }) {
  return <>{nodes.map(draw)}</>;
});
