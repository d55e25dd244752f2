import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { POD_AREAS } from '../../../../../components/src/pods/PodLayout.ts';
import { asContainer, cartableAreas } from '../../../../../apps/home/src/data/areas.ts';

describe('cartableAreas', (): void => {
  it('lists the visible areas of the pod layout, in order, inside the pod.', (): void => {
    const areas = cartableAreas('https://cartable.example/camille/');
    assert.deepEqual(areas.map((area): string => area.key),
      POD_AREAS.filter((area): boolean => area.visible).map((area): string => area.key));
    assert.ok(!areas.some((area): boolean => area.key === 'settings'));
    assert.equal(areas.find((area): boolean => area.key === 'inbox')?.url, 'https://cartable.example/camille/inbox/');
    assert.deepEqual(areas[0]?.label, { fr: 'Mes fichiers', en: 'My files' });
  });
});

describe('asContainer', (): void => {
  it('adds the trailing slash and drops query and fragment.', (): void => {
    assert.equal(asContainer('https://pod.example/alice'), 'https://pod.example/alice/');
    assert.equal(asContainer('https://pod.example/alice/?x=1#y'), 'https://pod.example/alice/');
    assert.equal(asContainer('https://pod.example'), 'https://pod.example/');
  });
});
