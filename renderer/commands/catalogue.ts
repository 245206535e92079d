import type { Role } from '../../shared/contract/define.js';
import type { Screen } from '../stores/appStore.js';

// User actions as a catalogue: each has a label key, a shortcut and what it does. The shell
// binds the shortcuts and shows them; screens add their own entries through this list.

export interface UiCommand {
  id: string;
  labelKey: string;
  /** As KeyboardEvent.key plus modifiers, e.g. 'F2' or 'Alt+1'. */
  shortcut: string;
  screen?: Screen;
  /** Roles that see the command; absent = everyone signed in. The router still checks every command. */
  roles?: Role[];
}

export const navigationCommands: UiCommand[] = [
  { id: 'go-intake', labelKey: 'nav.intake', shortcut: 'F2', screen: 'intake', roles: ['clerk', 'postal'] },
  { id: 'go-worklists', labelKey: 'nav.worklists', shortcut: 'F3', screen: 'worklists' },
  { id: 'go-book', labelKey: 'nav.book', shortcut: 'F4', screen: 'book' },
  { id: 'go-day', labelKey: 'day.title', shortcut: 'F6', screen: 'day', roles: ['supervisor', 'admin'] },
  { id: 'go-settings', labelKey: 'nav.settings', shortcut: 'F9', screen: 'settings' },
];

export function shortcutOf(event: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'shiftKey'>): string {
  const parts: string[] = [];
  if (event.ctrlKey) parts.push('Ctrl');
  if (event.altKey) parts.push('Alt');
  if (event.shiftKey && event.key.length > 1) parts.push('Shift');
  parts.push(event.key.length === 1 ? event.key.toUpperCase() : event.key);
  return parts.join('+');
}

export function commandsFor(role: Role | undefined): UiCommand[] {
  return navigationCommands.filter((c) => !c.roles || (role !== undefined && c.roles.includes(role)));
}
