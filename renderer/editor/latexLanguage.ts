// The "LaTeX in Markdown" language for Monaco: Monarch tokens (math delimiters, commands,
// environments, comments, Markdown structure), brackets, completion on `\`, and themes.
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';
import { commandPrefix, completionEntries, plainInsert, ENVIRONMENTS, environmentSnippet } from './latexData';
import { MATH_ENVIRONMENTS } from '../../app/common/tex/math';

export const LANGUAGE_ID = 'latex-markdown';

const mathEnvAlternation = [...MATH_ENVIRONMENTS].map((e) => e.replace('*', '\\*')).join('|');

const language: monaco.languages.IMonarchLanguage = {
  defaultToken: '',
  tokenPostfix: '.ltx',
  brackets: [
    { open: '{', close: '}', token: 'delimiter.curly' },
    { open: '[', close: ']', token: 'delimiter.square' },
    { open: '(', close: ')', token: 'delimiter.parenthesis' },
  ],
  tokenizer: {
    root: [
      [/^\s*#{1,6}\s.*$/, 'keyword.heading'],
      [/^\s*(```|~~~).*$/, { token: 'string.code', next: '@fence' }],
      [/^\s*([-*+]|\d+[.)])(?=\s)/, 'keyword.list'],
      { include: '@latexCommon' },
      [/\$\$/, { token: 'delimiter.math', next: '@mathDisplay' }],
      [/\$(?=\S)/, { token: 'delimiter.math', next: '@mathInline' }],
      [/`[^`]*`/, 'string.code'],
      [/\*\*[^*]+\*\*/, 'strong'],
      [/\*[^*\s][^*]*\*/, 'emphasis'],
      [/[{}()[\]]/, '@brackets'],
    ],
    latexCommon: [
      [/%.*$/, 'comment'],
      [/\\\(/, { token: 'delimiter.math', next: '@mathParen' }],
      [/\\\[/, { token: 'delimiter.math', next: '@mathBracket' }],
      [new RegExp(`(\\\\begin)(\\{)(${mathEnvAlternation})(\\})`), ['keyword.env', 'delimiter.curly', { token: 'type.env', next: '@mathEnv.$3' }, 'delimiter.curly']],
      [/(\\(?:begin|end))(\{)([^}]*)(\})/, ['keyword.env', 'delimiter.curly', 'type.env', 'delimiter.curly']],
      [/\\[a-zA-Z@]+\*?/, 'keyword.command'],
      [/\\./, 'string.escape'],
    ],
    mathCommon: [
      [/%.*$/, 'comment'],
      [/\\[a-zA-Z@]+/, 'keyword.math'],
      [/\\./, 'keyword.math'],
      [/[_^&]/, 'operator.math'],
      [/\d+(\.\d+)?/, 'number.math'],
      [/[{}()[\]]/, '@brackets'],
      [/[^\\$%_^&{}()[\]\d]+/, 'math'],
    ],
    mathInline: [[/\$/, { token: 'delimiter.math', next: '@pop' }], { include: '@mathCommon' }],
    mathDisplay: [[/\$\$/, { token: 'delimiter.math', next: '@pop' }], { include: '@mathCommon' }],
    mathParen: [[/\\\)/, { token: 'delimiter.math', next: '@pop' }], { include: '@mathCommon' }],
    mathBracket: [[/\\\]/, { token: 'delimiter.math', next: '@pop' }], { include: '@mathCommon' }],
    mathEnv: [
      [/\\end\{([^}]*)\}/, { cases: { '$1==$S2': { token: 'keyword.env', next: '@pop' }, '@default': 'keyword.env' } }],
      { include: '@mathCommon' },
    ],
    fence: [
      [/^\s*(```|~~~)\s*$/, { token: 'string.code', next: '@pop' }],
      [/.*$/, 'string.code'],
    ],
  },
};

/** The pairs the editor closes as their opening character is typed (Monaco's `autoClosingPairs`). */
export const AUTO_CLOSING_PAIRS: monaco.languages.IAutoClosingPairConditional[] = [
  { open: '{', close: '}' }, { open: '[', close: ']' }, { open: '(', close: ')' },
  { open: '$', close: '$', notIn: ['string', 'comment'] }, { open: '`', close: '`' },
];

const configuration: monaco.languages.LanguageConfiguration = {
  comments: { lineComment: '%' },
  brackets: [['{', '}'], ['[', ']'], ['(', ')']],
  autoClosingPairs: AUTO_CLOSING_PAIRS,
  surroundingPairs: [
    { open: '{', close: '}' }, { open: '[', close: ']' }, { open: '(', close: ')' }, { open: '$', close: '$' },
    { open: '*', close: '*' }, { open: '`', close: '`' },
  ],
  // Commands are words: double-click selects `\alpha`, completion replaces from the backslash.
  wordPattern: /(\\[a-zA-Z@]+\*?)|([^\s`~!@#%^&*()\-=+[{\]}\\|;:'",.<>/?$]+)/,
};

function completionItems(model: monaco.editor.ITextModel, position: monaco.Position): monaco.languages.CompletionList {
  const line = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
  const kinds = monaco.languages.CompletionItemKind;
  const rule = monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet;
  // After `\begin{` offer environment names and close the pair.
  const beginArg = /\\begin\{([A-Za-z*]*)$/.exec(line);
  if (beginArg) {
    const start = position.column - beginArg[0].length;
    const lineRest = model.getLineContent(position.lineNumber).slice(position.column - 1);
    const closing = lineRest.startsWith('}') ? 1 : 0; // the `}` auto-closed by the bracket rule
    const range = new monaco.Range(position.lineNumber, start, position.lineNumber, position.column + closing);
    return {
      // Monaco filters by the text from the range's start to the cursor ("\begin{gath"), so the
      // filter text must start the same way; the bare name alone matched nothing and showed nothing.
      suggestions: ENVIRONMENTS.map((env, i) => ({
        label: env, kind: kinds.Module, insertText: environmentSnippet(env), insertTextRules: rule, range,
        filterText: `\\begin{${env}`, sortText: String(i).padStart(4, '0'),
        detail: `\\begin{${env}} … \\end{${env}}`,
      })),
    };
  }
  const word = commandPrefix(line);
  if (!word) return { suggestions: [] };
  const range = new monaco.Range(position.lineNumber, position.column - word.length, position.lineNumber, position.column);
  const kindOf = { command: kinds.Function, environment: kinds.Module, greek: kinds.Constant, snippet: kinds.Snippet } as const;
  return {
    suggestions: completionEntries().map((e, i) => {
      // An entry without tab stops goes in as plain text: only then can Monaco see that accepting
      // `\alpha` over a typed `\alpha` changes nothing, and let Enter be a new line (acceptSuggestionOnEnter 'smart').
      const plain = plainInsert(e.insert);
      return {
        label: e.label, kind: kindOf[e.kind], range, detail: e.detail, sortText: String(i).padStart(4, '0'), filterText: e.label,
        ...(plain === null ? { insertText: e.insert, insertTextRules: rule } : { insertText: plain }),
      };
    }),
  };
}

let registered = false;

export function registerLatexLanguage(): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: LANGUAGE_ID, extensions: ['.md', '.tex'], aliases: ['LaTeX in Markdown'] });
  monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, language);
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, configuration);
  monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
    triggerCharacters: ['\\', '{'],
    provideCompletionItems: (model, position) => completionItems(model, position),
  });
  const rules = (dark: boolean): monaco.editor.ITokenThemeRule[] => [
    { token: 'delimiter.math', foreground: dark ? 'd7ba7d' : 'a31515', fontStyle: 'bold' },
    { token: 'math', foreground: dark ? 'ce9178' : '795e26' },
    { token: 'keyword.math', foreground: dark ? 'c586c0' : 'af00db' },
    { token: 'operator.math', foreground: dark ? 'd4d4d4' : '000000' },
    { token: 'number.math', foreground: dark ? 'b5cea8' : '098658' },
    { token: 'keyword.command', foreground: dark ? '569cd6' : '0000ff' },
    { token: 'keyword.env', foreground: dark ? '4ec9b0' : '267f99' },
    { token: 'type.env', foreground: dark ? '4ec9b0' : '267f99', fontStyle: 'bold' },
    { token: 'keyword.heading', foreground: dark ? '569cd6' : '800000', fontStyle: 'bold' },
    { token: 'keyword.list', foreground: dark ? '6796e6' : '0451a5' },
    { token: 'strong', fontStyle: 'bold' },
    { token: 'emphasis', fontStyle: 'italic' },
    { token: 'comment', foreground: dark ? '6a9955' : '008000', fontStyle: 'italic' },
    { token: 'string.code', foreground: dark ? 'ce9178' : 'a31515' },
  ];
  monaco.editor.defineTheme('pw-light', { base: 'vs', inherit: true, rules: rules(false), colors: {} });
  monaco.editor.defineTheme('pw-dark', { base: 'vs-dark', inherit: true, rules: rules(true), colors: {} });
}
