import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuActions } from './menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

function actions(): MenuActions {
  return { command: vi.fn(), newWindow: vi.fn(), openFile: vi.fn(), openRecent: vi.fn(), clearRecent: vi.fn(), openDocs: vi.fn(), restartEngine: vi.fn() };
}

describe('menu template', () => {
  it('has the six menus in order', () => {
    const t = buildMenuTemplate({ isMac: false, dev: false, recent: [], appName: 'Proofwright' }, actions());
    expect(t.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Run', '&Models', '&Help']);
  });

  it('binds the usual accelerators to the right commands', () => {
    const a = actions();
    const items = flatten(buildMenuTemplate({ isMac: false, dev: false, recent: [], appName: 'Proofwright' }, a));
    const byAccel = (acc: string) => items.find((i) => i.accelerator === acc);
    const click = (acc: string) => (byAccel(acc)!.click as () => void)();
    click('CmdOrCtrl+S');
    click('CmdOrCtrl+Enter');
    click('F8');
    click('CmdOrCtrl+O');
    expect(a.command).toHaveBeenCalledWith('save');
    expect(a.command).toHaveBeenCalledWith('verify');
    expect(a.command).toHaveBeenCalledWith('next-finding');
    expect(a.openFile).toHaveBeenCalled();
    const accels = items.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accels).size).toBe(accels.length); // no accelerator bound twice
  });

  it('lists recent documents and hides dev tools outside development', () => {
    const a = actions();
    const items = flatten(buildMenuTemplate({ isMac: false, dev: false, recent: ['/p/a.md'], appName: 'Proofwright' }, a));
    (items.find((i) => i.label === '/p/a.md')!.click as () => void)();
    expect(a.openRecent).toHaveBeenCalledWith('/p/a.md');
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false);
    const dev = flatten(buildMenuTemplate({ isMac: false, dev: true, recent: [], appName: 'Proofwright' }, a));
    expect(dev.some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('offers the recovery copies from the File menu (Recover…), as the F1 palette does', () => {
    const a = actions();
    const file = buildMenuTemplate({ isMac: false, dev: false, recent: [], appName: 'Proofwright' }, a)[0];
    const item = flatten(file.submenu as MenuItemConstructorOptions[]).find((i) => typeof i.label === 'string' && i.label.startsWith('Recover'));
    expect(item?.label).toBe('Recover Unsaved Work…');
    (item!.click as () => void)();
    expect(a.command).toHaveBeenCalledWith('recover');
  });
});
