import { expect, fixture, html } from '@open-wc/testing';
import '../../../apps/home/src/cartable-greeting.ts';
import type { CartableGreeting } from '../../../apps/home/src/cartable-greeting.ts';
import { setLanguage } from '../../../apps/shared/i18n.ts';
import { CAMILLE, resetToFrench, textOf } from './fixtures.ts';

describe('cartable-greeting', (): void => {
  beforeEach(resetToFrench);
  after(resetToFrench);

  it('greets the person by name and shows school, class and role.', async(): Promise<void> => {
    const el = await fixture<CartableGreeting>(html`<cartable-greeting .person=${CAMILLE}></cartable-greeting>`);
    expect(el.shadowRoot!.querySelector('h1')!.textContent).to.equal('Bonjour Camille Martin');
    const text = textOf(el);
    expect(text).to.contain('Établissement Collège Jules Verne');
    expect(text).to.contain('Classe 4e A');
    expect(text).to.contain('Rôle Élève');
    await expect(el).to.be.accessible();
  });

  it('says only "Bonjour" and lists nothing when the pod does not say who the person is.', async(): Promise<void> => {
    const el = await fixture<CartableGreeting>(html`<cartable-greeting
      .person=${{ name: null, school: null, className: null, role: null }}></cartable-greeting>`);
    expect(el.shadowRoot!.querySelector('h1')!.textContent).to.equal('Bonjour');
    expect(el.shadowRoot!.querySelector('dl')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('speaks English after the switch.', async(): Promise<void> => {
    const el = await fixture<CartableGreeting>(html`<cartable-greeting .person=${CAMILLE}></cartable-greeting>`);
    setLanguage('en');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('h1')!.textContent).to.equal('Hello Camille Martin');
    expect(textOf(el)).to.contain('Pupil');
  });
});
