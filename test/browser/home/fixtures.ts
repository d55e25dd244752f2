import { applyLanguage, LANGUAGE_STORAGE_KEY, resetLanguage } from '../../../apps/shared/i18n.ts';
import { cartableAreas } from '../../../apps/home/src/data/areas.ts';
import type { Cartable } from '../../../apps/home/src/data/loadCartable.ts';

/** Fixture data for the home elements (the data layer that produces it is unit-tested in Node). */

export const POD = 'https://cartable.example/camille/';

export const CAMILLE: Cartable = {
  webId: `${POD}profile/card#me`,
  storage: POD,
  name: 'Camille Martin',
  school: 'Collège Jules Verne',
  className: '4e A',
  role: 'pupil',
  inbox: `${POD}inbox/`,
  publicTypeIndex: `${POD}settings/publicTypeIndex`,
  privateTypeIndex: `${POD}settings/privateTypeIndex`,
  areas: cartableAreas(POD),
};

/** Back to a first visit: no stored language, French, `<html lang="fr">`. */
export function resetToFrench(): void {
  localStorage.removeItem(LANGUAGE_STORAGE_KEY);
  resetLanguage();
  applyLanguage();
}

/** The focused element, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) {
    active = active.shadowRoot.activeElement;
  }
  return active;
}

/** Visible text of an element and its shadow tree, whitespace collapsed. */
export function textOf(element: Element): string {
  const parts: string[] = [];
  const walk = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) {
      parts.push(node.textContent ?? '');
    }
    if (node instanceof Element && node.shadowRoot) {
      node.shadowRoot.childNodes.forEach(walk);
    }
    node.childNodes.forEach(walk);
  };
  walk(element);
  return parts.join(' ').replace(/\s+/gu, ' ').trim();
}

export const PHONE = { width: 360, height: 640 };
export const DESKTOP = { width: 1280, height: 800 };
