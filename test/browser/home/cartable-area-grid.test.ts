import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../../apps/home/src/cartable-area-grid.ts';
import type { CartableAreaGrid } from '../../../apps/home/src/cartable-area-grid.ts';
import { setLanguage } from '../../../apps/shared/i18n.ts';
import { CAMILLE, deepActiveElement, DESKTOP, PHONE, POD, resetToFrench } from './fixtures.ts';

function links(el: CartableAreaGrid): HTMLAnchorElement[] {
  return [ ...el.shadowRoot!.querySelectorAll('a') ];
}

async function grid(): Promise<CartableAreaGrid> {
  return fixture<CartableAreaGrid>(html`<cartable-area-grid .areas=${CAMILLE.areas}></cartable-area-grid>`);
}

describe('cartable-area-grid', (): void => {
  beforeEach(resetToFrench);
  after(async(): Promise<void> => {
    resetToFrench();
    await setViewport(DESKTOP);
  });

  it('links every area of the pod, in order, with French labels and descriptions.', async(): Promise<void> => {
    const el = await grid();
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('Mon cartable');
    const anchors = links(el);
    expect(anchors.map((a): string => a.getAttribute('href')!)).to.deep.equal(CAMILLE.areas.map((area): string => area.url));
    expect(anchors[0]!.href).to.equal(`${POD}drive/`);
    expect(anchors[0]!.textContent).to.contain('Mes fichiers');
    expect(anchors[0]!.textContent).to.contain('Fichiers et dossiers');
  });

  for (const [ name, size ] of [ [ 'desktop', DESKTOP ], [ 'phone', PHONE ] ] as const) {
    it(`is accessible and fits the screen on a ${name} (${size.width}×${size.height}).`, async(): Promise<void> => {
      await setViewport(size);
      const el = await grid();
      await expect(el).to.be.accessible();
      expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
      for (const anchor of links(el)) {
        expect(anchor.getBoundingClientRect().right).to.be.at.most(window.innerWidth);
        expect(anchor.getBoundingClientRect().height).to.be.at.least(44);
      }
    });
  }

  it('shows one column on a phone and several on a desktop.', async(): Promise<void> => {
    await setViewport(PHONE);
    let el = await grid();
    let [ first, second ] = links(el);
    expect(second!.getBoundingClientRect().top).to.be.greaterThan(first!.getBoundingClientRect().top);

    await setViewport(DESKTOP);
    el = await grid();
    [ first, second ] = links(el);
    expect(second!.getBoundingClientRect().top).to.equal(first!.getBoundingClientRect().top);
  });

  it('lets a keyboard user reach every area with Tab, in display order.', async(): Promise<void> => {
    const wrapper = await fixture<HTMLElement>(html`
      <div><button>before</button><cartable-area-grid .areas=${CAMILLE.areas}></cartable-area-grid></div>`);
    const el = wrapper.querySelector('cartable-area-grid')!;
    wrapper.querySelector('button')!.focus();
    for (const anchor of links(el)) {
      await sendKeys({ press: 'Tab' });
      expect(deepActiveElement()).to.equal(anchor);
    }
  });

  it('follows the focused area with Enter.', async(): Promise<void> => {
    const el = await grid();
    const drive = links(el)[0]!;
    let followed: string | null = null;
    drive.addEventListener('click', (event): void => {
      followed = (event.currentTarget as HTMLAnchorElement).href;
      event.preventDefault();
    });
    drive.focus();
    await sendKeys({ press: 'Enter' });
    expect(followed).to.equal(`${POD}drive/`);
  });

  it('relabels the areas in English.', async(): Promise<void> => {
    const el = await grid();
    setLanguage('en');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('My cartable');
    expect(links(el)[0]!.textContent).to.contain('My files');
  });
});
