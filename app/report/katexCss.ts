// KaTeX's stylesheet with its fonts embedded as data: URIs, so a report renders math with no network
// and no files beside it. Only the woff2 variants are kept: every browser that opens the report reads them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | undefined;

export function inlinedKatexCss(): string {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const distDir = join(dirname(require.resolve('katex/package.json')), 'dist');
  const css = readFileSync(join(distDir, 'katex.min.css'), 'utf8');
  cached = css.replace(/src:url\(fonts\/([\w-]+)\.woff2\) format\("woff2"\)[^;}]*/g, (_, font: string) => {
    const data = readFileSync(join(distDir, 'fonts', `${font}.woff2`)).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  return cached;
}
