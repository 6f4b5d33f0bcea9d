// Finding messages quoting identifiers, and what a reader must see of them (`*…*` marks emphasis,
// `<math>` a typeset formula): shared by the cards' test (renderer/ui/finding-underscores.test.tsx) and
// the report's (app/report/finding-underscores.test.ts), so both surfaces are held to the same text.
export const UNDERSCORE_CASES: [message: string, shown: string][] = [
  ['The proof reads window.__x before it is set, and window.__y__ too.', 'The proof reads window.__x before it is set, and window.__y__ too.'],
  ['Calls __init__ twice; a__b is never defined.', 'Calls __init__ twice; a__b is never defined.'],
  ['In code: `window.__x` and `__init__` and ``a `__` b``.', 'In code: `window.__x` and `__init__` and `a `__` b`.'],
  ['Math stays math: $a_1 + a_2$, and **bold** and _emphasis_ stay.', 'Math stays math: <math>, and *bold* and *emphasis* stay.'],
  ['An escaped \\_\\_x stays, snake_case_name too.', 'An escaped __x stays, snake_case_name too.'],
];
