// Small UI preferences kept in the browser's storage (layout, theme, dismissed findings). Document
// text and settings that matter to the engine go through the contract instead.

export function loadJson<T>(key: string, fallback: T): T {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function saveJson(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: preferences are a convenience, never an error.
  }
}

/** A set of ids remembered across sessions, newest kept when it grows past `limit`. */
export function loadIdSet(key: string): Set<string> {
  return new Set(loadJson<string[]>(key, []));
}

export function saveIdSet(key: string, ids: Set<string>, limit = 5000): void {
  saveJson(key, [...ids].slice(-limit));
}
