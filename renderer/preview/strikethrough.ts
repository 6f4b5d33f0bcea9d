// GFM strikethrough (`~~struck~~`) for the preview's Markdown tree. The preview parses with micromark's
// CommonMark core (no GFM extension is installed), where `~~` is text; the HTML report's markdown-it
// strikes it, so the same proof read differently on the two surfaces. Same reading as markdown-it and
// GitHub with single tildes off: a run of exactly two tildes opens when a non-space follows it and closes
// when a non-space precedes it, within one paragraph's inline content. A single `~` (LaTeX's tie,
// `Theorem~1`) and longer runs stay text.
import type { Nodes, Parent, PhrasingContent, Text } from 'mdast';

/** A `~~` run in a text child: the child's index and the run's offset in its value. */
interface Run {
  child: number;
  at: number;
  open: boolean;
  close: boolean;
}

/**
 * Rewrites `tree` in place: each `~~…~~` pair inside one parent's inline children becomes a `delete`
 * node holding what was between them. `source` is the Markdown the tree was parsed from: a text node
 * whose value differs from its source (an escape, `\~~`, or an entity) is left alone, so an escaped
 * tilde is never a delimiter.
 */
export function applyStrikethrough(tree: Nodes, source: string): void {
  if (!source.includes('~~')) return;
  // Text nodes read exactly as written (no escape or entity in them): only their tildes can strike.
  const plain = new WeakSet<Text>();
  const walk = (node: Nodes) => {
    if (node.type === 'text') {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start !== undefined && end !== undefined && source.slice(start, end) === node.value) plain.add(node);
      return;
    }
    if (!('children' in node)) return;
    for (const child of (node as Parent).children) walk(child as Nodes);
    strikeChildren(node as Parent, plain);
  };
  walk(tree);
}

function runsIn(parent: Parent, plain: WeakSet<Text>, from: number): Run[] {
  const runs: Run[] = [];
  parent.children.forEach((child, index) => {
    if (index < from || child.type !== 'text' || !child.value.includes('~~') || !plain.has(child)) return;
    const value = child.value;
    for (const m of value.matchAll(/~+/g)) {
      if (m[0].length !== 2) continue;
      // At a node's edge the neighbour is another inline node (emphasis, code, a link): not a space.
      const before = value[m.index - 1] ?? (index > 0 ? 'x' : ' ');
      const after = value[m.index + 2] ?? (index < parent.children.length - 1 ? 'x' : ' ');
      runs.push({ child: index, at: m.index, open: !/\s/.test(after), close: !/\s/.test(before) });
    }
  });
  return runs;
}

function strikeChildren(parent: Parent, plain: WeakSet<Text>): void {
  const piece = (value: string, of: Text): Text[] => {
    if (value === '') return [];
    const out: Text = { type: 'text', value };
    if (plain.has(of)) plain.add(out);
    return [out];
  };
  let from = 0;
  for (;;) {
    const runs = runsIn(parent, plain, from);
    const opener = runs.findIndex((r) => r.open);
    if (opener < 0) return;
    const o = runs[opener];
    const closer = runs.findIndex((r, i) => i > opener && r.close && (r.child > o.child || r.at > o.at + 2));
    if (closer < 0) return;
    const c = runs[closer];
    const first = parent.children[o.child] as Text;
    const last = parent.children[c.child] as Text;
    const inside: PhrasingContent[] = o.child === c.child
      ? piece(first.value.slice(o.at + 2, c.at), first)
      : [...piece(first.value.slice(o.at + 2), first), ...(parent.children.slice(o.child + 1, c.child) as PhrasingContent[]), ...piece(last.value.slice(0, c.at), last)];
    const before = piece(first.value.slice(0, o.at), first);
    const after = piece(last.value.slice(c.at + 2), last);
    parent.children.splice(o.child, c.child - o.child + 1, ...before, { type: 'delete', children: inside }, ...after);
    // Go on after the struck span (its remainder may hold another pair).
    from = o.child + before.length + 1;
  }
}
