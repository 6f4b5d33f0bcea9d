// Light/dark: follows the OS unless the user picked one; the choice is remembered.
import { useEffect, useSyncExternalStore } from 'react';
import { useWorkbench } from '../state/store';

// One MediaQueryList for the page: `matches` follows the OS setting. A new matchMedia() on each
// render (useSyncExternalStore reads the snapshot on every render) cost ~0.3 ms a key (issue 11).
let darkQuery: MediaQueryList | null = null;
const query = () => (darkQuery ??= window.matchMedia('(prefers-color-scheme: dark)'));

function subscribe(onChange: () => void): () => void {
  const mq = query();
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}

export function useEffectiveTheme(): 'light' | 'dark' {
  const choice = useWorkbench((s) => s.theme);
  const osDark = useSyncExternalStore(subscribe, () => query().matches);
  const effective = choice === 'system' ? (osDark ? 'dark' : 'light') : choice;
  useEffect(() => {
    document.documentElement.dataset.theme = effective;
  }, [effective]);
  return effective;
}
