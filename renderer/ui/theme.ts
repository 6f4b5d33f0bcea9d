// Light/dark: follows the OS unless the user picked one; the choice is remembered.
import { useEffect, useSyncExternalStore } from 'react';
import { useWorkbench } from '../state/store';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

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
