// Lint rules double as the layer check: the folder a file lives in decides what it may import
// (VS Code's common/node/browser split). app/ is the engine: no Electron, no DOM, no React.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const engineForbidden = {
  paths: [
    { name: 'electron', message: 'app/ is the engine: it must not import Electron.' },
    { name: 'react', message: 'app/ is the engine: no UI code here.' },
    { name: 'react-dom', message: 'app/ is the engine: no UI code here.' },
    { name: 'monaco-editor', message: 'app/ is the engine: no UI code here.' },
  ],
  patterns: [
    { group: ['**/renderer/**', '**/main/**'], message: 'app/ must not import from renderer/ or main/.' },
  ],
};

// The renderer keeps no domain logic of its own (issue 10): math scanning, macros, KaTeX options, block
// splitting and consensus come from app/common, so it may not reach the libraries those are built on.
// (mdast-util-from-markdown stays allowed: the preview turns a block's prose into its node tree with it.)
const rendererDomainLibraries = [
  { name: 'katex', message: 'Typeset through app/common/tex/katex (renderTex): one KaTeX configuration for every surface.' },
  { name: 'markdown-it', message: 'The report renders with markdown-it in app/report; the preview renders through renderer/preview/renderBlock.' },
  { name: 'mdast-util-math', message: 'Math is found by the core scanner (app/common/tex/math), not by a Markdown extension.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'release/**', 'e2e/artifacts/**', 'fixtures/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', engineForbidden],
      // The engine runs in Node (CLI, server, utility process): browser globals mean a layer leak.
      'no-restricted-globals': ['error',
        { name: 'window', message: 'app/ is the engine: no DOM.' },
        { name: 'document', message: 'app/ is the engine: no DOM.' },
        { name: 'navigator', message: 'app/ is the engine: no DOM.' },
        { name: 'localStorage', message: 'app/ is the engine: no DOM.' },
      ],
    },
  },
  {
    // app/common is the domain core every environment runs (engine, CLI, reports, renderer): pure
    // code, no Node and no DOM (the app/** block above already keeps Electron, React and the DOM out).
    files: ['app/common/**/*.ts'],
    ignores: ['app/common/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        ...engineForbidden,
        patterns: [
          ...engineForbidden.patterns,
          { group: ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'https', 'net', 'stream', 'url', 'util'], message: 'app/common is the pure domain core: no Node APIs (put Node code in app/<feature>/).' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'The renderer is sandboxed: talk to the engine through the contract.' },
          ...rendererDomainLibraries,
        ],
        patterns: [
          { group: ['node:*', 'fs', 'path', 'child_process', 'os'], message: 'No Node APIs in the renderer.' },
          { group: ['micromark', 'micromark-*', 'mdast-util-*', '!mdast-util-from-markdown'], message: 'Math and Markdown structure come from the core (app/common): the renderer keeps no parser of its own.' },
          { group: ['**/app/*', '!**/app/common', '**/app/*/**', '!**/app/common/**'], message: 'The renderer may only import app/common (pure, shared code).' },
        ],
      }],
    },
  },
);
