import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../apps/home/src/cartable-busy-indicator.ts';
import '../../../apps/home/src/cartable-sign-in.ts';
import type { CartableBusyIndicator } from '../../../apps/home/src/cartable-busy-indicator.ts';
import type { CartableSignIn } from '../../../apps/home/src/cartable-sign-in.ts';
import { resetToFrench, textOf } from './fixtures.ts';

describe('cartable-sign-in', (): void => {
  beforeEach(resetToFrench);
  after(resetToFrench);

  it('invites to sign in, in French, and is accessible.', async(): Promise<void> => {
    const el = await fixture<CartableSignIn>(html`<cartable-sign-in></cartable-sign-in>`);
    expect(el.shadowRoot!.querySelector('h1')!.textContent).to.equal('Bienvenue');
    expect(el.shadowRoot!.querySelector('button')!.textContent).to.equal('Se connecter');
    expect(el.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('asks the app to sign in when the button is pressed with the keyboard.', async(): Promise<void> => {
    const el = await fixture<CartableSignIn>(html`<cartable-sign-in></cartable-sign-in>`);
    el.shadowRoot!.querySelector('button')!.focus();
    const asked = oneEvent(el, 'cartable-sign-in');
    await sendKeys({ press: 'Enter' });
    expect(await asked).to.exist;
  });

  it('shows an alert after a failed attempt, and a disabled button while signing in.', async(): Promise<void> => {
    const el = await fixture<CartableSignIn>(html`<cartable-sign-in failed busy></cartable-sign-in>`);
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('La connexion a échoué');
    expect(el.shadowRoot!.querySelector('button')!.disabled).to.equal(true);
    await expect(el).to.be.accessible();
  });
});

describe('cartable-busy-indicator', (): void => {
  it('announces what is loading in a status region.', async(): Promise<void> => {
    const el = await fixture<CartableBusyIndicator>(html`
      <cartable-busy-indicator label="Chargement de votre cartable…"></cartable-busy-indicator>`);
    const status = el.shadowRoot!.querySelector('[role=status]')!;
    expect(textOf(status)).to.equal('Chargement de votre cartable…');
    expect(el.shadowRoot!.querySelector('.spinner')!.getAttribute('aria-hidden')).to.equal('true');
    await expect(el).to.be.accessible();
  });
});
