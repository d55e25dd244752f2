import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../apps/home/src/cartable-error-panel.ts';
import type { CartableErrorPanel } from '../../../apps/home/src/cartable-error-panel.ts';
import { FetchError } from '../../../apps/home/src/data/FetchError.ts';
import { setLanguage } from '../../../apps/shared/i18n.ts';
import { POD, resetToFrench, textOf } from './fixtures.ts';

const FORBIDDEN = new FetchError('Expected 2xx', { url: `${POD}profile/card`, statusCode: 403, failure: 'status' });
const OFFLINE = new FetchError('No response', { url: `${POD}profile/card`, statusCode: null, failure: 'network' });

async function panel(error: unknown): Promise<CartableErrorPanel> {
  return fixture<CartableErrorPanel>(html`<cartable-error-panel .error=${error}></cartable-error-panel>`);
}

describe('cartable-error-panel', (): void => {
  beforeEach(resetToFrench);
  after(resetToFrench);

  it('tells in French that the profile cannot be read, with the document and HTTP status.', async(): Promise<void> => {
    const el = await panel(FORBIDDEN);
    const alert = el.shadowRoot!.querySelector('[role=alert]')!;
    expect(alert).to.exist;
    expect(el.shadowRoot!.querySelector('h1')!.textContent).to.equal('Impossible de lire votre profil');
    const text = textOf(el);
    expect(text).to.contain('Reconnectez-vous');
    expect(text).to.contain(`${POD}profile/card`);
    expect(text).to.contain('403');
    await expect(el).to.be.accessible();
  });

  it('explains a network failure without a status code.', async(): Promise<void> => {
    const el = await panel(OFFLINE);
    const text = textOf(el);
    expect(text).to.contain('Le serveur ne répond pas');
    expect(text).not.to.contain('Code HTTP');
    await expect(el).to.be.accessible();
  });

  it('explains a missing profile, a broken one, one without storage and an unexpected error.', async(): Promise<void> => {
    const cases: [unknown, string][] = [
      [ new FetchError('x', { url: POD, statusCode: 404, failure: 'status' }), 'introuvable' ],
      [ new FetchError('x', { url: POD, statusCode: 500, failure: 'status' }), 'problème' ],
      [ new FetchError('x', { url: POD, statusCode: 200, failure: 'syntax' }), 'pas lisible' ],
      [ new FetchError('x', { url: POD, statusCode: 200, failure: 'content' }), 'aucun espace de stockage' ],
      [ new Error('boom'), 'erreur inattendue' ],
    ];
    for (const [ error, expected ] of cases) {
      expect(textOf(await panel(error))).to.contain(expected);
    }
  });

  it('offers to try again, with the keyboard.', async(): Promise<void> => {
    const el = await panel(OFFLINE);
    const button = el.shadowRoot!.querySelector('button')!;
    expect(button.textContent).to.equal('Réessayer');
    button.focus();
    const retried = oneEvent(el, 'cartable-retry');
    await sendKeys({ press: 'Enter' });
    expect(await retried).to.exist;
  });

  it('speaks English after the switch.', async(): Promise<void> => {
    const el = await panel(FORBIDDEN);
    setLanguage('en');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('h1')!.textContent).to.equal('Your profile could not be read');
  });
});
