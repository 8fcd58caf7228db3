// A tiny i18n of our own: two dictionaries, a reactive locale, and t() with {name} placeholders.
import { ref } from 'vue';
import { en } from './locales/en';
import { zh } from './locales/zh';

export type Locale = 'en' | 'zh';
export type MessageKey = keyof typeof en;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, zh };

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem('locale');
    if (saved === 'en' || saved === 'zh') return saved;
  } catch {
    /* storage may be unavailable */
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export const locale = ref<Locale>(initialLocale());

export function setLocale(l: Locale): void {
  locale.value = l;
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  try {
    localStorage.setItem('locale', l);
  } catch {
    /* ignore */
  }
}

export function translate(l: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const s = dictionaries[l][key] ?? en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** Reads the reactive locale, so templates re-render when the language changes. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(locale.value, key, params);
}
