// Light/dark: follows the OS unless the user picked one; the choice is remembered.
import { useEffect, useSyncExternalStore } from 'react';
import { useWorkbench } from '../state/store';

// One MediaQueryList for the page, and its answer kept: `matches` read on every render
// (useSyncExternalStore asks for the snapshot on each) showed as ~1.7 ms of every keystroke's task in
// a CPU profile on a loaded machine (issue 11, latency-structure); the 'change' event updates it.
let darkQuery: MediaQueryList | null = null;
let osDark = false;
const query = () => {
  if (!darkQuery) {
    darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
    osDark = darkQuery.matches;
  }
  return darkQuery;
};

function subscribe(onChange: () => void): () => void {
  const mq = query();
  const changed = (event: MediaQueryListEvent) => {
    osDark = event.matches;
    onChange();
  };
  mq.addEventListener('change', changed);
  return () => mq.removeEventListener('change', changed);
}

const snapshot = () => (query(), osDark);

export function useEffectiveTheme(): 'light' | 'dark' {
  const choice = useWorkbench((s) => s.theme);
  const dark = useSyncExternalStore(subscribe, snapshot);
  const effective = choice === 'system' ? (dark ? 'dark' : 'light') : choice;
  useEffect(() => {
    document.documentElement.dataset.theme = effective;
  }, [effective]);
  return effective;
}
