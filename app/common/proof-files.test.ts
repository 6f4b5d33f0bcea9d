import { describe, expect, it } from 'vitest';
import { documentFormat, formatFromPath, freeCopyName, gradingPathsFor, isProofFile, proofStem } from './proof-files';

describe('proof files (one definition for verify folder/, the workbench list and the samples)', () => {
  it('knows every proof extension and its format', () => {
    expect(['a.md', 'a.markdown', 'A.MD', 'a.tex', 'a.latex', 'a.ltx'].map(isProofFile)).toEqual([true, true, true, true, true, true]);
    expect(['a.md', 'a.markdown', 'a.tex', 'b/a.LaTeX', 'a.ltx', 'a.txt'].map(formatFromPath)).toEqual(['markdown', 'markdown', 'tex', 'tex', 'tex', 'markdown']);
  });

  it('leaves out problem statements, READMEs and other files', () => {
    expect(['a.problem.md', 'README.md', 'readme.markdown', 'notes.txt', 'md'].map(isProofFile)).toEqual([false, false, false, false, false]);
    // The reference solution and marking scheme beside a proof are not proofs either.
    expect(['a.reference.md', 'a.rubric.md', 'a.Reference.MD'].map(isProofFile)).toEqual([false, false, false]);
    // Nor is the lock file Word leaves beside an open document; a name merely holding `~` or `$` is.
    expect(['~$alice.md', '~$proof.tex', 'alice~1.md', '$x.md'].map(isProofFile)).toEqual([false, false, true, true]);
    // Nor macOS's AppleDouble copy or Emacs's lock beside a proof.
    expect(['._alice.md', '.#alice.md'].map(isProofFile)).toEqual([false, false]);
  });

  it('takes a proof whose name starts with a dot (saved from Files; VS Code lists dotfiles)', () => {
    expect(['.draft.md', '..name.md', '.hidden.tex'].map(isProofFile)).toEqual([true, true, true]);
  });

  it('names the reference and marking-scheme files after the proof', () => {
    expect(gradingPathsFor('p/cauchy.tex')).toEqual({ reference: 'p/cauchy.reference.md', rubric: 'p/cauchy.rubric.md' });
  });

  it('gives the stem the problem file is named after', () => {
    expect(proofStem('dir/x.y/cauchy.markdown')).toBe('dir/x.y/cauchy');
    expect(proofStem('noext')).toBe('noext');
  });
});

describe('documentFormat: the one rule for the engine, the checker, the preview and the CLI', () => {
  it('a .tex name is LaTeX with or without a preamble; another name is LaTeX only with one', () => {
    expect(documentFormat('untitled.tex', '')).toBe('tex');
    expect(documentFormat('dir/p.ltx', 'A $ sign.')).toBe('tex');
    expect(documentFormat('untitled.md', '')).toBe('markdown');
    expect(documentFormat('untitled.md', 'Let $x$ be.')).toBe('markdown');
    expect(documentFormat('untitled.md', '\\documentclass{article}\n\\begin{document}\nx\n\\end{document}\n')).toBe('tex');
    expect(documentFormat('notes.md', '  \\begin{document}\nx\n')).toBe('tex');
    // Mentioned inside a line, not a preamble.
    expect(documentFormat('notes.md', 'Use `\\documentclass` first.')).toBe('markdown');
  });

  it('a Markdown note showing a LaTeX template in a code block stays Markdown', () => {
    const template = '\\documentclass{article}\n\\begin{document}\nHi\n\\end{document}';
    expect(documentFormat('notes.md', `# Template\n\n\`\`\`latex\n${template}\n\`\`\`\n\nThen $x$.`)).toBe('markdown');
    expect(documentFormat('notes.md', `~~~~\n${template}\n~~~\n~~~~\n`)).toBe('markdown');
    expect(documentFormat('notes.md', `Indented:\n\n    \\documentclass{article}\n`)).toBe('markdown');
    // A fence that closes, then a real preamble: LaTeX.
    expect(documentFormat('untitled.md', `\`\`\`\ncode\n\`\`\`\r\n${template}`)).toBe('tex');
    // An unclosed fence runs to the end (CommonMark).
    expect(documentFormat('notes.md', `\`\`\`\n${template}`)).toBe('markdown');
  });
});

describe('freeCopyName', () => {
  const takenIn = (...names: string[]) => (candidate: string) => names.includes(candidate);
  it('keeps a free name, else numbers it from 2 with its extension, .md when it has none; null when all are taken', () => {
    expect(freeCopyName('long-proof.md', takenIn())).toBe('long-proof.md');
    expect(freeCopyName('long-proof.md', takenIn('long-proof.md'))).toBe('long-proof-2.md');
    expect(freeCopyName('p.tex', takenIn('p.tex', 'p-2.tex'))).toBe('p-3.tex');
    expect(freeCopyName('notes', takenIn('notes'))).toBe('notes-2.md');
    expect(freeCopyName('a.md', () => true, 5)).toBeNull();
  });
});
