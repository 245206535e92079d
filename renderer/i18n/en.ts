import type { Messages } from './vi.js';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

// English UI text (second language).
export const en: Widen<Messages> = {
  app: { name: 'MộtCửa', tagline: 'One-stop counter' },
  status: {
    online: 'Online',
    offline: 'Offline – work continues',
    pending: 'Waiting to sync: {{count}}',
    workstation: 'Workstation: {{name}}',
  },
  nav: { intake: 'Intake', worklists: 'Worklists', book: 'Tracking book', settings: 'Settings', shortcuts: 'Shortcuts' },
  setup: {
    title: 'First-run setup',
    intro: 'Enter the unit and workstation details. They can be changed later in Settings.',
    agencyCode: 'Agency code',
    agencyCodeHint: 'e.g. 000.00.12.H29',
    unitName: 'Unit name',
    unitNameHint: 'e.g. Tân Lập commune People’s Committee',
    workstationName: 'Workstation name',
    workstationNameHint: 'e.g. Counter 1',
    serverUrl: 'Provincial server URL',
    serverUrlHint: 'https://motcua.province.gov.vn',
    save: 'Save and start',
    saving: 'Saving…',
    saved: 'Settings saved',
  },
  fatal: {
    title: 'MộtCửa could not start',
    intro: 'The app failed while starting. Saved data has not been deleted.',
    code: 'Error code',
    what: 'What to do',
    hint: {
      'settings-corrupt': 'The workstation settings file is damaged. Ask IT to restore a backup, or set the workstation up again.',
      default: 'Restart the app. If it happens again, tell IT the error code below.',
    },
    retry: 'Try again',
    resetup: 'Set up again',
  },
  session: {
    title: 'Sign in',
    lockedTitle: 'Screen locked',
    lockedIntro: '{{name}} is working on this PC. Sign in to unlock or to switch user.',
    username: 'Username',
    password: 'Password',
    displayName: 'Full name',
    signIn: 'Sign in',
    signOut: 'Sign out',
    lock: 'Lock screen',
    pinTitle: 'Quick switch by PIN',
    person: 'Person',
    pin: 'PIN',
    pinSwitch: 'Switch user',
    adminTitle: 'Create the workstation administrator',
    adminIntro: 'This account adds clerks and postal staff and sets up the workstation when there is no server yet.',
    adminCreate: 'Create account',
    role: { clerk: 'Clerk', postal: 'Postal staff', supervisor: 'Supervisor', admin: 'Administrator' },
  },
  home: { welcome: 'Hello! Workstation {{workstation}} of {{unit}} is ready.' },
  common: { loading: 'Loading…', cancel: 'Cancel', close: 'Close', language: 'Language' },
};
