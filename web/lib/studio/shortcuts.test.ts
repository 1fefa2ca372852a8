import { describe, expect, it } from 'vitest';
import { historyShortcut } from './shortcuts';

const press = (
  key: string,
  mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }>,
  inText = false
) =>
  historyShortcut({
    key,
    ctrlKey: mods.ctrl ?? false,
    metaKey: mods.meta ?? false,
    shiftKey: mods.shift ?? false,
    altKey: mods.alt ?? false,
    target: { closest: () => (inText ? {} : null) } as unknown as EventTarget
  });

describe('historyShortcut', () => {
  it('undoes with Ctrl or Cmd+Z and redoes with Shift or Ctrl+Y', () => {
    expect(press('z', { ctrl: true })).toBe('undo');
    expect(press('z', { meta: true })).toBe('undo');
    expect(press('Z', { ctrl: true, shift: true })).toBe('redo');
    expect(press('z', { meta: true, shift: true })).toBe('redo');
    expect(press('y', { ctrl: true })).toBe('redo');
  });

  it('leaves other keys and text fields alone', () => {
    expect(press('z', {})).toBeNull();
    expect(press('y', { meta: true })).toBeNull();
    expect(press('z', { ctrl: true, alt: true })).toBeNull();
    expect(press('z', { ctrl: true }, true)).toBeNull();
  });
});
