import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { i18nInit } from './i18n/i18n.js';
import './ui/app.css';

await i18nInit(localStorage.getItem('motcua.lang') === 'en' ? 'en' : 'vi');
const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
