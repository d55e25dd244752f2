import { POD_AREAS } from '../../../../components/src/pods/PodLayout.ts';
import type { PodArea } from '../../../../components/src/pods/PodLayout.ts';

/** A text in every language of the apps. */
export type LocalizedText = PodArea['label'];

/** One area of a person's cartable, where the home app sends them. */
export interface CartableArea {
  /** Machine key from the pod layout (`drive`, `notes`, ...). */
  readonly key: string;
  /** Absolute URL of the area's container in the pod. */
  readonly url: string;
  readonly label: LocalizedText;
  readonly description: LocalizedText;
}

/** `storage` as a container URL (with a trailing slash), so that relative paths resolve inside it. */
export function asContainer(storage: string): string {
  const url = new URL(storage);
  url.hash = '';
  url.search = '';
  if (!url.pathname.endsWith('/')) {
    url.pathname = `${url.pathname}/`;
  }
  return url.href;
}

/** The areas the home app lists (the visible ones of the pod layout), located in the pod at `storage`. */
export function cartableAreas(storage: string): CartableArea[] {
  const root = asContainer(storage);
  return POD_AREAS
    .filter((area): boolean => area.visible)
    .map((area): CartableArea => ({
      key: area.key,
      url: new URL(area.path, root).href,
      label: area.label,
      description: area.description,
    }));
}
