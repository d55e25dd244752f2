import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../apps/home/src/cartable-language-switch.ts';
import '../../../apps/home/src/cartable-sign-in.ts';
import type { CartableLanguageSwitch } from '../../../apps/home/src/cartable-language-switch.ts';
import { LANGUAGE_STORAGE_KEY, language } from '../../../apps/shared/i18n.ts';
import { deepActiveElement, resetToFrench, textOf } from './fixtures.ts';

function buttons(el: CartableLanguageSwitch): HTMLButtonElement[] {
  return [ ...el.shadowRoot!.querySelectorAll('button') ];
}

describe('cartable-language-switch', (): void => {
  beforeEach(resetToFrench);
  after(resetToFrench);

  it('starts in French, with French pressed and each language named in itself.', async(): Promise<void> => {
    const el = await fixture<CartableLanguageSwitch>(html`<cartable-language-switch></cartable-language-switch>`);
    expect(language()).to.equal('fr');
    expect(document.documentElement.lang).to.equal('fr');
    const [ fr, en ] = buttons(el);
    expect(fr!.textContent).to.equal('Français');
    expect(fr!.lang).to.equal('fr');
    expect(fr!.getAttribute('aria-pressed')).to.equal('true');
    expect(en!.textContent).to.equal('English');
    expect(en!.lang).to.equal('en');
    expect(en!.getAttribute('aria-pressed')).to.equal('false');
    expect(el.shadowRoot!.querySelector('[role=group]')!.getAttribute('aria-label')).to.equal('Langue');
    await expect(el).to.be.accessible();
  });

  it('switches to English with the keyboard, updating <html lang>, storage and other elements.', async(): Promise<void> => {
    const wrapper = await fixture<HTMLElement>(html`
      <div><cartable-language-switch></cartable-language-switch><cartable-sign-in></cartable-sign-in></div>`);
    const el = wrapper.querySelector('cartable-language-switch')!;
    const signIn = wrapper.querySelector('cartable-sign-in')!;
    expect(textOf(signIn)).to.contain('Se connecter');

    buttons(el)[0]!.focus();
    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()).to.equal(buttons(el)[1]);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await signIn.updateComplete;

    expect(language()).to.equal('en');
    expect(document.documentElement.lang).to.equal('en');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).to.equal('en');
    expect(buttons(el)[1]!.getAttribute('aria-pressed')).to.equal('true');
    expect(textOf(signIn)).to.contain('Sign in');
    expect(textOf(signIn)).not.to.contain('Se connecter');
    await expect(el).to.be.accessible();

    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(deepActiveElement()).to.equal(buttons(el)[0]);
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(language()).to.equal('fr');
    expect(document.documentElement.lang).to.equal('fr');
  });
});
