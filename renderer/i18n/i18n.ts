import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { bundleEn } from './bundle.en.js';
import { bundleVi } from './bundle.vi.js';
import { counterEn } from './counter.en.js';
import { counterVi } from './counter.vi.js';
import { en } from './en.js';
import { syncEn } from './sync.en.js';
import { syncVi } from './sync.vi.js';
import { vi } from './vi.js';

export async function i18nInit(language: 'vi' | 'en' = 'vi'): Promise<void> {
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'vi',
    resources: {
      vi: { translation: { ...vi, counter: counterVi, bundle: bundleVi, sync: syncVi } },
      en: { translation: { ...en, counter: counterEn, bundle: bundleEn, sync: syncEn } },
    },
    interpolation: { escapeValue: false },
    // Command names contain ':' (dossier:transfer); they are keys, not namespaces.
    nsSeparator: false,
    returnNull: false,
  });
}
