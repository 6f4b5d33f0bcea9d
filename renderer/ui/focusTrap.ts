// The one keyboard trap of the app's dialogs (the modal dialogs and the refine/prove review): focus
// moves in when one opens, Tab and Shift+Tab cycle inside it, and focus goes back to what had it when
// it closes.
import { useEffect, type RefObject } from 'react';
import { editorBridge } from '../editor/bridge';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The elements of `box` that Tab can reach, in document order (hidden ones left out). */
export function focusables(box: HTMLElement): HTMLElement[] {
  return [...box.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
}

/** Controls that discard or undo something (unload, remove, discard, cancel a download): never focused first. */
export const DESTRUCTIVE = '[data-destructive], .pw-danger';

/**
 * Where a dialog's focus goes when it opens, so that Enter or Space right after opening does no harm:
 * the control marked `data-autofocus` if there is one, else the first control of `body` that is not
 * destructive (DESTRUCTIVE), else null (the caller falls back to the dialog's own controls).
 */
export function initialFocus(body: HTMLElement): HTMLElement | null {
  const list = focusables(body);
  return list.find((el) => el.matches('[data-autofocus]'))
    ?? list.find((el) => !el.matches(DESTRUCTIVE))
    ?? null;
}

/**
 * Tab past the last element of `box` goes to its first, Shift+Tab before the first (or from the box
 * itself, or from outside it) to its last; a key something else has used (defaultPrevented) is left alone.
 */
function cycleTab(box: HTMLElement, e: KeyboardEvent): void {
  if (e.key !== 'Tab' || e.defaultPrevented) return;
  const list = focusables(box);
  if (list.length === 0) {
    e.preventDefault();
    return;
  }
  const active = document.activeElement;
  const inside = active instanceof Node && box.contains(active);
  if (e.shiftKey && (active === list[0] || active === box || !inside)) {
    e.preventDefault();
    list[list.length - 1].focus();
  } else if (!e.shiftKey && (active === list[list.length - 1] || !inside)) {
    e.preventDefault();
    list[0].focus();
  }
}

/**
 * The workbench's Tab order is the page's order as seen, as in VS Code: toolbar, then the panes, then
 * the panels, and round again. Tab past the last control goes to the toolbar's first (Chromium stopped
 * on <body> there, where nothing shows focus, so from the guide or the panels the toolbar came a press
 * late, after an invisible stop); Shift+Tab from the toolbar's first goes to the last. A dialog open
 * (modal, or the review) keeps its own trap; focus on <body> (page load) is left to the browser, whose
 * first Tab is the toolbar's first control.
 */
export function usePageTabCycle(root: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      // Every key typed in the editor comes here: leave at once unless it is Tab (the query below walks the page).
      if (e.key !== 'Tab') return;
      const box = root.current;
      const active = document.activeElement;
      if (!box || !active || active === document.body || !box.contains(active)) return;
      if (document.querySelector('[aria-modal=true]') || active.closest('[role=dialog]')) return;
      cycleTab(box, e);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [root]);
}

export interface FocusTrapOptions {
  /** Where focus goes first (default: the box itself); falls back to the box's first focusable, then the box. */
  initial?: () => HTMLElement | null | undefined;
  /**
   * Also bring back focus that lands outside by other means (a click through, a script). Modal
   * dialogs do; the review does not, because the run panel below it stays in use while it is open.
   */
  guardFocus?: boolean;
}

/**
 * While `active`, keeps the keyboard inside `box`: focus moves in, Tab past the last element goes to
 * the first and Shift+Tab before the first goes to the last, and on close focus returns to the
 * element that had it before (if it is still on the page; else to the proof editor).
 */
export function useFocusTrap(box: RefObject<HTMLElement | null>, active: boolean, options: FocusTrapOptions = {}): void {
  const { guardFocus = false } = options;
  useEffect(() => {
    const dialog = box.current;
    if (!active || !dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = options.initial?.() ?? focusables(dialog)[0] ?? dialog;
    first.focus();
    const onKeyDown = (e: KeyboardEvent) => cycleTab(dialog, e);
    const onFocusIn = (e: FocusEvent) => {
      if (e.target instanceof Node && !dialog.contains(e.target)) (focusables(dialog)[0] ?? dialog).focus();
    };
    dialog.addEventListener('keydown', onKeyDown);
    if (guardFocus) document.addEventListener('focusin', onFocusIn);
    return () => {
      dialog.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('focusin', onFocusIn);
      // The opener may be gone (a toast's "Open Models & settings" button): the proof editor then,
      // not the page's body, where the next keys did nothing.
      if (opener && opener.isConnected && opener !== document.body) opener.focus();
      else editorBridge()?.focus();
    };
    // The trap is set up once per opening; `initial` is read at that moment.
  }, [active, guardFocus]);
}
