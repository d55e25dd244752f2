import { en } from './messages/en.ts';
import { fr } from './messages/fr.ts';
import type { Messages } from './messages/fr.ts';

/**
 * The language of the apps: French by default, English available. The choice is kept in localStorage
 * (a device preference, not personal data, so it survives sign-out), mirrored on `<html lang>`, and
 * announced with a {@link LANGUAGE_CHANGE_EVENT} on `window` so that every element can re-render.
 */

/** Languages the apps speak, the default first. */
export const LANGUAGES = [ 'fr', 'en' ] as const;

/** One of {@link LANGUAGES}. */
export type Language = typeof LANGUAGES[number];

/** Name of each language in itself, for the language switch. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { fr: 'Français', en: 'English' };

/** Event dispatched on `window` after the language changed; `detail` is the new {@link Language}. */
export const LANGUAGE_CHANGE_EVENT = 'cartable-language-change';

/** localStorage key of the chosen language. */
export const LANGUAGE_STORAGE_KEY = 'cartable.language';

const MESSAGES: Readonly<Record<Language, Messages>> = { fr, en };

let current: Language | undefined;

function isLanguage(value: unknown): value is Language {
  return LANGUAGES.includes(value as Language);
}

/** Reads the stored choice; storage may be unavailable (privacy modes, sandboxed frames). */
function storedLanguage(): Language | undefined {
  try {
    const value = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The current language: the stored choice, else French. */
export function language(): Language {
  current ??= storedLanguage() ?? LANGUAGES[0];
  return current;
}

/** The strings of the current language. */
export function msg(): Messages {
  return MESSAGES[language()];
}

/** Picks the current language's text out of a `{ fr, en }` pair (as in the pod layout). */
export function localize(text: Readonly<Record<Language, string>>): string {
  return text[language()];
}

/** Sets `<html lang>` to the current language; called once when an app starts. */
export function applyLanguage(): void {
  if (typeof document !== 'undefined') {
    document.documentElement.lang = language();
  }
}

/** Changes the language, remembers it on this device and tells every element. */
export function setLanguage(next: Language): void {
  current = next;
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, next);
  } catch {
    // Not remembered on this device: the choice still holds until the page is left.
  }
  if (typeof document !== 'undefined') {
    // Pages rendered by the server (sign-in terms, logout) read the choice from this cookie.
    document.cookie = `cartable-lang=${next}; Path=/; SameSite=Lax; Max-Age=31536000`;
  }
  applyLanguage();
  globalThis.dispatchEvent?.(new CustomEvent<Language>(LANGUAGE_CHANGE_EVENT, { detail: next }));
}

/** Forgets the in-memory choice so that the next read goes back to storage (tests, other tabs). */
export function resetLanguage(): void {
  current = undefined;
}
