// Draws the preview tree. Only allow-listed tags are created; text is always React text (escaped).
// KaTeX output (trust: false, bounded) is the one HTML string placed as-is.
import { Component, createElement, Fragment, memo, useMemo, type ReactNode } from 'react';
import type { PreviewNode } from '../preview/renderBlock';
import { unshieldPrivateUse } from '../../app/common/tex/private-use';

/**
 * One typeset formula. React 19 sets `innerHTML` again whenever the `dangerouslySetInnerHTML` object
 * is a new one, equal HTML or not: every formula of the block being typed in was parsed, styled and
 * laid out anew on each key (issue 11). The object is kept while the HTML is the same, so React leaves
 * the formula's DOM alone and only the changed text is touched.
 */
const MathSpan = memo(function MathSpan({ html, display, srcStart }: { html: string; display: boolean; srcStart: number }) {
  const inner = useMemo(() => ({ __html: html }), [html]);
  return <span className={display ? 'pw-math pw-math-display' : 'pw-math'} data-src-start={srcStart} dangerouslySetInnerHTML={inner} />;
});

/**
 * The most children spread into one createElement call. A 1.9 MB paragraph of 75,000 formulas has
 * 150,000 children, and spreading them as arguments overflowed the stack ("This block could not be shown
 * (Maximum call stack size exceeded)", review); past this count they go in keyed fragments of this size.
 */
const SPREAD_LIMIT = 5_000;

/** `createElement(type, props, ...children)` for any number of children (SPREAD_LIMIT). */
function withChildren(type: string, props: Record<string, unknown>, children: ReactNode[]): ReactNode {
  if (children.length <= SPREAD_LIMIT) return createElement(type, props, ...children);
  const chunks: ReactNode[] = [];
  for (let i = 0; i < children.length; i += SPREAD_LIMIT) chunks.push(createElement(Fragment, { key: `c${i}` }, ...children.slice(i, i + SPREAD_LIMIT)));
  return withChildren(type, props, chunks);
}

function draw(node: PreviewNode, key: number): ReactNode {
  switch (node.kind) {
    case 'text':
      // The document's own private-use characters, shielded while the preview read it (private-use.ts).
      return unshieldPrivateUse(node.value);
    case 'math':
      return <MathSpan key={key} html={node.html} display={node.display} srcStart={node.srcStart} />;
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
      if (node.title) props.title = node.title;
      if (node.start !== undefined && node.start !== 1) props.start = node.start;
      if (node.tag === 'a') {
        if (node.href) {
          props.href = node.href;
          props.target = '_blank';
          props.rel = 'noopener noreferrer';
        }
      }
      const children = node.children.map(draw);
      return withChildren(node.tag, props, node.tag === 'hr' || node.tag === 'br' ? [] : children);
    }
  }
}

/** Re-renders only when the block's rendered tree is a different object (i.e. its text changed). */
export const PreviewContent = memo(function PreviewContent({ nodes }: { nodes: PreviewNode[] }) {
  return <>{nodes.map(draw)}</>;
});

/**
 * Around one preview block: an error while drawing it shows that block's source as text with the
 * reason, instead of unmounting the whole app (the document and the rest of the preview stay).
 */
export class BlockBoundary extends Component<{ source: string; children: ReactNode }, { error: string | null }> {
  override state: { error: string | null } = { error: null };

  static getDerivedStateFromError(err: unknown): { error: string } {
    return { error: err instanceof Error ? err.message : String(err) };
  }

  override componentDidUpdate(previous: { source: string }): void {
    // An edit to the block tries again.
    if (this.state.error !== null && previous.source !== this.props.source) this.setState({ error: null });
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="pw-render-failed" data-testid="render-failed">
        <em>{`This block could not be shown (${this.state.error}); its source:`}</em>
        <pre>{unshieldPrivateUse(this.props.source)}</pre>
      </div>
    );
  }
}
