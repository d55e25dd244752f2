import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../../apps/home/src/cartable-move.ts';
import '../../../apps/home/src/home-app.ts';
import type { CartableMove, MoveJob } from '../../../apps/home/src/cartable-move.ts';
import type { CartableHomeApp } from '../../../apps/home/src/home-app.ts';
import type { FetchLike } from '../../../apps/home/src/data/fetchRdf.ts';
import type { Cartable } from '../../../apps/home/src/data/loadCartable.ts';
import type { HomeServices } from '../../../apps/home/src/services.ts';
import { setLanguage } from '../../../apps/shared/i18n.ts';
import { CAMILLE, deepActiveElement, DESKTOP, PHONE, POD, resetToFrench, textOf } from './fixtures.ts';

const SERVER = 'https://cartable.example/';
const ENDPOINT = `${SERVER}.cartable/move/job`;
const NEW_POD = 'https://solid.example.org/camille/';

interface Call { method: string; url: string; body?: Record<string, unknown> }

/**
 * A scripted move endpoint (the real one is tested in test/integration/move-jobs.test.ts): answers each POST
 * action with `post[action]` and each GET with the next of `gets` (the last one repeats); records the calls.
 */
function endpoint(gets: (MoveJob | null | number)[], post: Record<string, () => Response> = {}): FetchLike & { calls: Call[] } {
  const calls: Call[] = [];
  let index = 0;
  const fetcher = async(url: string, init?: RequestInit): Promise<Response> => {
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) as Record<string, unknown> : undefined;
    calls.push({ method, url, body });
    if (method === 'POST') {
      const answer = post[String(body?.action)];
      return answer ? answer() : Response.json({ error: 'not scripted' }, { status: 500 });
    }
    const next = gets[Math.min(index, gets.length - 1)];
    index += 1;
    return typeof next === 'number' ? Response.json({ error: 'no' }, { status: next }) : Response.json({ job: next });
  };
  return Object.assign(fetcher, { calls });
}

function job(overrides: Partial<MoveJob>): MoveJob {
  return { id: 'j1', kind: 'check', to: NEW_POD, phase: 'list', resources: 0, totalResources: 0, bytes: 0, totalBytes: 0,
    etaSeconds: null, state: 'running', ...overrides };
}

const CHECKED = job({ state: 'done', exitCode: 0, phase: 'check', totalResources: 42, totalBytes: 12_345_678,
  report: { to: NEW_POD, moved: 0, target: { cartable: false, quota: null }}});

async function view(fetcher: FetchLike, navigate?: (url: string) => void): Promise<CartableMove> {
  const el = await fixture<CartableMove>(html`<cartable-move .fetcher=${fetcher} .pollMs=${10} storage=${POD} server=${SERVER}
    .navigate=${navigate ?? ((): void => undefined)}></cartable-move>`);
  await waitUntil((): boolean => el.shadowRoot!.querySelector('#move-heading + p') !== null &&
    el.shadowRoot!.querySelector('cartable-busy-indicator') === null, 'loaded');
  return el;
}

const $ = <T extends Element>(el: CartableMove, selector: string): T => el.shadowRoot!.querySelector<T>(selector)!;

async function type(el: CartableMove, id: string, value: string): Promise<void> {
  const input = $<HTMLInputElement>(el, `#${id}`);
  input.focus();
  input.value = '';
  if (value) {
    await sendKeys({ type: value });
  }
  input.dispatchEvent(new Event('input'));
}

async function fill(el: CartableMove): Promise<void> {
  await type(el, 'pod', NEW_POD);
  await type(el, 'clientId', 'move_1234');
  await type(el, 'clientSecret', 's3cr3t');
}

describe('cartable-move', (): void => {
  beforeEach(resetToFrench);
  after(async(): Promise<void> => {
    resetToFrench();
    await setViewport(DESKTOP);
  });

  it('shows the steps in French, then in English, and asks the server whether a job runs.', async(): Promise<void> => {
    const fetcher = endpoint([ null ]);
    const el = await view(fetcher);
    expect(fetcher.calls).to.deep.equal([{ method: 'GET', url: `${ENDPOINT}?pod=${encodeURIComponent(POD)}`, body: undefined }]);
    const headings = (): string[] => [ ...el.shadowRoot!.querySelectorAll('h1, h2') ].map((h): string => h.textContent.trim());
    expect(headings()).to.deep.equal([ 'Déménager mon cartable', 'Télécharger une copie de mon cartable', 'Déménager, ou faire venir un cartable' ]);
    expect(textOf(el)).to.contain('« Identifiants client »');
    expect($(el, 'label[for=pod]').textContent).to.equal('Adresse du nouveau cartable');
    expect($(el, 'form button').textContent.trim()).to.equal('Vérifier');
    setLanguage('en');
    await el.updateComplete;
    expect(headings()).to.deep.equal([ 'Move my Cartable', 'Download a copy of my Cartable', 'Move out, or bring a pod in' ]);
    expect(textOf(el)).to.contain('"Client credentials"');
    expect($(el, 'form button').textContent.trim()).to.equal('Check');
  });

  for (const [ name, size ] of [ [ 'desktop', DESKTOP ], [ 'phone', PHONE ] ] as const) {
    it(`is accessible and fits the screen on a ${name}, form, check result and progress.`, async(): Promise<void> => {
      await setViewport(size);
      const running = job({ kind: 'move', phase: 'copy', resources: 10, totalResources: 42, bytes: 5_000_000,
        totalBytes: 12_345_678, etaSeconds: 90 });
      const fetcher = endpoint([ null, CHECKED, running ], {
        check: (): Response => Response.json({ job: job({}) }, { status: 202 }),
        start: (): Response => Response.json({ job: job({ kind: 'move' }) }, { status: 202 }),
      });
      const el = await view(fetcher);
      await expect(el).to.be.accessible();
      expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
      await fill(el);
      $<HTMLButtonElement>(el, 'form button').click();
      await waitUntil((): boolean => el.shadowRoot!.querySelector('#confirm') !== null, 'checked');
      await expect(el).to.be.accessible();
      expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
      $<HTMLInputElement>(el, '#confirm').click();
      [ ...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button') ].find((b): boolean => b.textContent.trim() === 'Déménager mon cartable')!.click();
      await waitUntil((): boolean => el.shadowRoot!.querySelector('progress[max]') !== null, 'progress');
      await expect(el).to.be.accessible();
      expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
    });
  }

  it('explains an empty or invalid address and missing credentials, next to each field, focus on the first.', async(): Promise<void> => {
    const fetcher = endpoint([ null ]);
    const el = await view(fetcher);
    $<HTMLButtonElement>(el, 'form button').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil((): boolean => el.shadowRoot!.querySelector('#pod-error') !== null, 'errors');
    expect($(el, '#pod-error').textContent).to.equal('Indiquez l’adresse de votre nouveau cartable.');
    expect($(el, '#clientId-error').textContent).to.equal('Indiquez l’identifiant client créé chez le nouveau fournisseur.');
    expect($(el, '#clientSecret-error').textContent).to.equal('Indiquez le secret client créé chez le nouveau fournisseur.');
    expect($(el, '#pod').getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#pod').getAttribute('aria-describedby')).to.equal('pod-hint pod-error');
    await waitUntil((): boolean => deepActiveElement() === $(el, '#pod'), 'focus on the address');
    await expect(el).to.be.accessible();

    for (const bad of [ 'solid.example.org/camille/', 'https://solid.example.org/camille', 'ftp://solid.example.org/camille/' ]) {
      await type(el, 'pod', bad);
      $<HTMLButtonElement>(el, 'form button').click();
      await el.updateComplete;
      expect($(el, '#pod-error').textContent, bad).to.equal(
        'Cette adresse n’est pas valide : elle doit commencer par https:// (ou http://) et se terminer par /.');
    }
    await type(el, 'pod', `${POD}drive/`);
    $<HTMLButtonElement>(el, 'form button').click();
    await el.updateComplete;
    expect($(el, '#pod-error').textContent).to.equal('C’est l’adresse de ce cartable-ci : indiquez celle du nouveau.');
    setLanguage('en');
    await type(el, 'pod', '');
    $<HTMLButtonElement>(el, 'form button').click();
    await el.updateComplete;
    expect($(el, '#pod-error').textContent).to.equal('Enter the address of your new pod.');
    expect(fetcher.calls.filter((call): boolean => call.method === 'POST')).to.deep.equal([]);
  });

  it('checks, asks for confirmation, moves with progress, shows what failed and retries.', async(): Promise<void> => {
    const partial = job({ kind: 'move', state: 'done', exitCode: 3, phase: 'finish', resources: 42, totalResources: 42,
      report: { to: NEW_POD, moved: 40, alreadyThere: 1, failed: [{ path: 'drive/video.bin', reason: 'HTTP 413' }], notices: [] }});
    const running = job({ kind: 'move', phase: 'copy', resources: 10, totalResources: 42, bytes: 5_000_000,
      totalBytes: 10_000_000, etaSeconds: 150 });
    const gets: (MoveJob | null)[] = [ null, job({}), CHECKED, running ];
    const fetcher = endpoint(gets, {
      check: (): Response => Response.json({ job: job({}) }, { status: 202 }),
      start: (): Response => Response.json({ job: job({ kind: 'move' }) }, { status: 202 }),
    });
    const el = await view(fetcher);
    await fill(el);
    await type(el, 'issuer', 'https://idp.example.org/');
    $<HTMLButtonElement>(el, 'form button').click();
    await waitUntil((): boolean => el.shadowRoot!.querySelector('#check-heading') !== null, 'checked');
    expect(fetcher.calls.find((call): boolean => call.method === 'POST')!.body).to.deep.equal({ pod: POD, action: 'check',
      to: NEW_POD, toClientId: 'move_1234', toClientSecret: 's3cr3t', toIssuer: 'https://idp.example.org/' });
    await waitUntil((): boolean => deepActiveElement() === $(el, '#check-heading'), 'focus on the result');
    const text = textOf(el);
    expect(text).to.contain('42 documents à déménager');
    expect(text).to.contain('Taille : 12,3 Mo');
    expect(text).to.contain('n’est pas un serveur Cartable');
    expect(text).to.contain('lecture seule');
    expect(text).to.contain('30 jours');

    const startButton = (): HTMLButtonElement => [ ...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button') ]
      .find((b): boolean => b.textContent.trim() === 'Déménager mon cartable')!;
    startButton().click();
    await waitUntil((): boolean => el.shadowRoot!.querySelector('#confirm-error') !== null, 'confirmation asked');
    expect($(el, '#confirm-error').textContent).to.equal('Cochez la case pour confirmer le déménagement.');
    await waitUntil((): boolean => deepActiveElement() === $(el, '#confirm'), 'focus on the checkbox');
    await sendKeys({ press: 'Space' });
    expect($<HTMLInputElement>(el, '#confirm').checked).to.equal(true);
    startButton().click();

    await waitUntil((): boolean => el.shadowRoot!.querySelector('progress[max]') !== null, 'progress shown');
    expect($<HTMLProgressElement>(el, 'progress').value).to.equal(5_000_000);
    expect($(el, '[aria-live=polite]').textContent).to.equal('Copie des documents… 50 %');
    expect(textOf(el)).to.contain('10 documents sur 42');
    expect(textOf(el)).to.contain('environ 3 min restantes');
    await expect(el).to.be.accessible();
    gets.push(partial);
    await waitUntil((): boolean => el.shadowRoot!.querySelector('#result-heading') !== null, 'result');
    expect($(el, '#result-heading').textContent).to.equal('Le déménagement est incomplet');
    expect(textOf(el)).to.contain('40 documents déménagés');
    expect(textOf(el)).to.contain('drive/video.bin : HTTP 413');
    await expect(el).to.be.accessible();
    const starts = (): number => fetcher.calls.filter((call): boolean => call.body?.action === 'start').length;
    expect(starts()).to.equal(1);
    [ ...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button') ].find((b): boolean => b.textContent.trim() === 'Réessayer le déménagement')!.click();
    await waitUntil((): boolean => starts() === 2, 'moved again');
  });

  it('cancels a running move found when the view opens.', async(): Promise<void> => {
    const running = job({ kind: 'move', phase: 'copy', resources: 1, totalResources: 4 });
    const cancelled = job({ kind: 'move', state: 'failed', cancelled: true, exitCode: 3 });
    let cancelledYet = false;
    const gets: (MoveJob | null)[] = [ running ];
    const fetcher = endpoint(gets, { cancel: (): Response => {
      cancelledYet = true;
      gets.push(cancelled);
      return Response.json({ job: running }, { status: 202 });
    } });
    const el = await view(fetcher);
    expect($(el, '#progress-heading').textContent).to.equal('Déménagement en cours');
    [ ...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button') ].find((b): boolean => b.textContent.trim() === 'Annuler le déménagement')!.click();
    await waitUntil((): boolean => el.shadowRoot!.querySelector('#result-heading') !== null, 'result');
    expect(cancelledYet).to.equal(true);
    expect(textOf(el)).to.contain('Vous avez annulé le déménagement.');
  });

  it('downloads a copy through a one-time URL, and explains a refusal.', async(): Promise<void> => {
    const opened: string[] = [];
    let status = 201;
    const fetcher = endpoint([ null ], { export: (): Response => status === 201 ?
      Response.json({ url: `${ENDPOINT}/export/abc` }, { status }) : Response.json({ error: 'no' }, { status }) });
    const el = await view(fetcher, (url): void => {
      opened.push(url);
    });
    const button = $<HTMLButtonElement>(el, '#export-heading ~ .actions button');
    button.click();
    await waitUntil((): boolean => opened.length === 1, 'navigated');
    expect(opened).to.deep.equal([ `${ENDPOINT}/export/abc` ]);
    await el.updateComplete;
    expect(textOf(el)).to.contain('Le téléchargement a commencé.');
    status = 401;
    button.click();
    await waitUntil((): boolean => el.shadowRoot!.querySelector('#export-heading ~ [role=alert]') !== null, 'alert');
    expect($(el, '#export-heading ~ [role=alert]').textContent).to.contain('Reconnectez-vous');
  });

  it('says when the server does not offer moving, with a retry.', async(): Promise<void> => {
    const fetcher = endpoint([ 404, null ]);
    const el = await fixture<CartableMove>(html`<cartable-move .fetcher=${fetcher} storage=${POD} server=${SERVER}></cartable-move>`);
    await waitUntil((): boolean => el.shadowRoot!.querySelector('[role=alert]') !== null, 'alert');
    expect(textOf(el)).to.contain('Ce serveur ne propose pas le déménagement de ce cartable.');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[role=alert] button').click();
    await waitUntil((): boolean => el.shadowRoot!.querySelector('form') !== null, 'form after retry');
  });
});

describe('cartable-home-app with "Paramètres"', (): void => {
  const clearHash = (): void => {
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  };
  beforeEach((): void => {
    resetToFrench();
    clearHash();
  });
  afterEach(clearHash);

  it('opens the move view from the banner with the keyboard, and goes back with "Retour".', async(): Promise<void> => {
    const fetcher = endpoint([ null ]);
    const services: HomeServices = {
      session: {
        info: { isLoggedIn: true, webId: CAMILLE.webId },
        handleIncomingRedirect: async(): Promise<unknown> => undefined,
        login: async(): Promise<void> => undefined,
        logout: async(): Promise<void> => undefined,
        fetch: fetcher,
      },
      loadCartable: async(): Promise<Cartable> => CAMILLE,
      storages: [],
    };
    const app = await fixture<CartableHomeApp>(html`<cartable-home-app .services=${services}></cartable-home-app>`);
    await waitUntil((): boolean => app.shadowRoot!.querySelector('main cartable-area-grid') !== null, 'areas shown');
    const link = app.shadowRoot!.querySelector<HTMLAnchorElement>('a.settings-link')!;
    expect(link.textContent.trim()).to.equal('Paramètres');
    link.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil((): boolean => app.shadowRoot!.querySelector('main cartable-move') !== null, 'view shown');
    expect(location.hash).to.equal('#settings');
    const move = app.shadowRoot!.querySelector('cartable-move')!;
    await waitUntil((): boolean => deepActiveElement() === move.shadowRoot!.querySelector('h1'), 'focus on the heading');
    await waitUntil((): boolean => move.shadowRoot!.querySelector('form') !== null, 'form');
    expect(fetcher.calls[0]!.url).to.equal(`${new URL('/', location.href).href}.cartable/move/job?pod=${encodeURIComponent(POD)}`);
    await expect(app).to.be.accessible();
    app.shadowRoot!.querySelector<HTMLButtonElement>('main > div > button')!.click();
    await waitUntil((): boolean => app.shadowRoot!.querySelector('cartable-move') === null, 'view closed');
    await waitUntil((): boolean => deepActiveElement() === app.shadowRoot!.querySelector('a.settings-link'), 'focus back on the link');
  });
});
