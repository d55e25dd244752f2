import { css, html, LitElement, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { LanguageController } from '../../shared/LanguageController.ts';
import { baseStyles, buttonStyles, token } from '../../shared/theme.ts';
import './cartable-busy-indicator.ts';
import { contactsStyles } from './cartable-contacts.styles.ts';
import { formatSize, moveMsg } from './cartable-move.messages.ts';
import type { MoveMessages } from './cartable-move.messages.ts';
import type { FetchLike } from './data/fetchRdf.ts';

/** A move job as the server describes it (`GET <server>.cartable/move/job?pod=`, docs/move-jobs.md). */
export interface MoveJob {
  id: string;
  kind: 'check' | 'move';
  /** `out`: this pod moves to `to`; `in`: the pod at `from` comes into this one. */
  direction?: 'in' | 'out';
  from?: string;
  to: string;
  phase: string;
  resources: number;
  totalResources: number;
  bytes: number;
  totalBytes: number;
  etaSeconds: number | null;
  state: 'running' | 'done' | 'failed';
  exitCode?: number;
  cancelled?: boolean;
  report?: MoveReport;
  error?: string;
}

/** The parts of the mover's report (`pod move --json`) the view shows. */
export interface MoveReport {
  from?: string;
  to?: string;
  /** Documents and their bytes to move (a check's report). */
  documents?: number;
  bytes?: number;
  moved?: number;
  alreadyThere?: number;
  failed?: { path: string; url?: string; reason: string }[];
  skipped?: { path: string; url?: string; reason: string }[];
  notices?: string[];
  complete?: boolean;
  target?: { cartable?: boolean; quota?: { used: number; limit: number; available: number } | null };
}

/** Where the wizard is. */
type Step = 'loading' | 'form' | 'checking' | 'checked' | 'moving' | 'result';

type Field = 'pod' | 'clientId' | 'clientSecret' | 'issuer' | 'confirm';

/** A failed request to the move endpoint: what the person can do about it. */
class MoveRequestError extends Error {
  public readonly status: number | null;

  public constructor(status: number | null, message: string) {
    super(message);
    this.status = status;
  }
}

function explain(error: unknown, t: MoveMessages): string {
  if (!(error instanceof MoveRequestError) || error.status === null) {
    return t.errorNetwork;
  }
  switch (error.status) {
    case 401:
    case 403:
      return t.errorUnauthorized;
    case 404:
    case 405:
      return t.errorNotAvailable;
    case 409:
      return t.errorBusy;
    default:
      return error.status < 500 && error.message ? t.errorRefused(error.message) : t.errorServer;
  }
}

/** An absolute http(s) URL, or `null`. */
function httpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * "Paramètres → Déménager mon cartable": (1) download a copy of the pod (a one-time URL from the server, then
 * a plain navigation to it), (2) the new pod's address and client credentials, checked by a dry-run job on
 * the server, (3) a confirmation explaining read-only time, redirects and notices, (4) the move's progress
 * (polled every {@link pollMs}), with cancel, and (5) what moved and what failed, with retry. The server end is
 * `<server>.cartable/move/job` (a Cartable server extension; elsewhere the view says moving is not offered).
 * {@link focusHeading} moves focus to the view's heading.
 */
@customElement('cartable-move')
export class CartableMove extends LitElement {
  public static override styles = [ baseStyles, buttonStyles, contactsStyles, css`
    p, li {
      max-width: 65ch;
      overflow-wrap: anywhere;
    }
    h2:focus {
      outline: none;
    }
    section + section {
      margin-top: 1.5rem;
    }
    form, .field {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
    }
    form {
      gap: 1rem;
      max-width: 40rem;
    }
    label {
      font-weight: 600;
    }
    input[type=url], input[type=text], input[type=password] {
      font: inherit;
      width: 100%;
      min-height: 2.75rem;
      padding: 0.5rem;
      border: 1px solid ${token('color-muted')};
      border-radius: ${token('radius')};
      background: ${token('color-surface')};
      color: inherit;
    }
    input[aria-invalid=true] {
      border: 2px solid ${token('color-error')};
    }
    .hint {
      margin: 0;
      font-size: 0.875rem;
      color: ${token('color-muted')};
    }
    .field-error {
      margin: 0;
      font-weight: 600;
      color: ${token('color-error')};
    }
    fieldset.direction {
      border: 0;
      margin: 0 0 1rem;
      padding: 0;
    }
    fieldset.direction legend {
      font-weight: 600;
      margin-bottom: 0.25rem;
    }
    .check {
      display: flex;
      gap: 0.5rem;
      align-items: flex-start;
      font-weight: 400;
    }
    .check input {
      width: 1.25rem;
      height: 1.25rem;
      margin-top: 0.15rem;
      flex: none;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    progress {
      width: 100%;
      height: 1.25rem;
    }
    ul.facts {
      display: block;
      padding-left: 1.25rem;
      list-style: disc;
    }
    ul.facts li {
      display: list-item;
      padding: 0;
      border: none;
      background: none;
    }
  ` ];

  /** The session's fetch (the endpoint needs the owner's Solid-OIDC credentials). */
  @property({ attribute: false })
  public fetcher?: FetchLike;

  /** The pod root (`Cartable.storage`). */
  @property()
  public storage = '';

  /** The Cartable server that runs the jobs (the identity provider's origin, with a final `/`). */
  @property()
  public server = '';

  /** Milliseconds between two looks at a running job. */
  @property({ type: Number, attribute: false })
  public pollMs = 1000;

  /** Opens the download URL (tests replace it; a download does not leave the page). */
  @property({ attribute: false })
  public navigate: (url: string) => void = (url: string): void => {
    location.assign(url);
  };

  @state()
  private _step: Step = 'loading';

  @state()
  private _job: MoveJob | null = null;

  @state()
  private _error: unknown = null;

  @state()
  private _exportState: 'idle' | 'preparing' | 'started' = 'idle';

  @state()
  private _exportError: unknown = null;

  @state()
  private _errors: Partial<Record<Field, string>> = {};

  @state()
  private _cancelling = false;

  /** `out`: move this cartable elsewhere; `in`: bring a cartable from elsewhere into this one. */
  @state()
  private _direction: 'in' | 'out' = 'out';

  private _values = { pod: '', clientId: '', clientSecret: '', issuer: '' };
  private _confirmed = false;
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _loadedFor = '';

  @query('h1')
  private readonly _heading!: HTMLElement | null;

  /** Re-renders this element in the new language. */
  protected readonly languageController = new LanguageController(this);

  /** Moves focus to the view's heading (once rendered), so that screen readers start reading there. */
  public async focusHeading(): Promise<void> {
    await this.updateComplete;
    this._heading?.focus();
  }

  public override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this._timer);
    this._timer = undefined;
    this._loadedFor = '';
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const key = `${this.server} ${this.storage}`;
    if (this.fetcher && this.storage && this.server && this.isConnected && this._loadedFor !== key) {
      this._loadedFor = key;
      void this._load();
    }
  }

  protected override render(): TemplateResult {
    const t = moveMsg();
    return html`
      <section aria-labelledby="move-heading">
        <h1 id="move-heading" tabindex="-1">${t.heading}</h1>
        <p>${t.intro}</p>
      </section>
      ${this._renderBody(t)}
    `;
  }

  private _renderBody(t: MoveMessages): TemplateResult {
    switch (this._step) {
      case 'loading':
        return this._error === null ?
          html`<cartable-busy-indicator label=${t.loading}></cartable-busy-indicator>` :
          this._renderProblem(t.errorHeading, this._error, t.retry, this._onReload);
      case 'moving':
        return this._renderProgress(t);
      case 'result':
        return this._renderResult(t);
      default:
        return html`${this._renderExport(t)}${this._renderDestination(t)}${this._renderCheck(t)}`;
    }
  }

  private _renderProblem(heading: string, error: unknown, action: string, onAction: () => void): TemplateResult {
    return html`
      <div class="problem" role="alert">
        <h2 id="problem-heading" tabindex="-1">${heading}</h2>
        <p>${explain(error, moveMsg())}</p>
        <button type="button" class="primary" @click=${onAction}>${action}</button>
      </div>
    `;
  }

  private _renderExport(t: MoveMessages): TemplateResult {
    return html`
      <section aria-labelledby="export-heading">
        <h2 id="export-heading">${t.exportHeading}</h2>
        <p class="hint">${t.exportHint}</p>
        <div class="actions">
          <button type="button" ?disabled=${this._exportState === 'preparing'} @click=${this._onExport}>${t.exportButton}</button>
        </div>
        <p role="status">${this._exportState === 'preparing' ? t.exportPreparing :
          this._exportState === 'started' ? t.exportStarted : ''}</p>
        ${this._exportError === null ? nothing : html`<p class="field-error" role="alert">${explain(this._exportError, t)}</p>`}
      </section>
    `;
  }

  private _field(id: Exclude<Field, 'confirm'>, label: string, type: string, hint?: string): TemplateResult {
    const error = this._errors[id];
    const described = [ hint ? `${id}-hint` : '', error ? `${id}-error` : '' ].filter(Boolean).join(' ');
    return html`
      <div class="field">
        <label for=${id}>${label}</label>
        ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : nothing}
        <input id=${id} name=${id} type=${type} .value=${this._values[id]} autocomplete="off" spellcheck="false"
          autocapitalize="off" aria-invalid=${error ? 'true' : 'false'} aria-describedby=${described || nothing}
          ?disabled=${this._step === 'checking'}
          @input=${(event: Event): void => this._onInput(id, (event.target as HTMLInputElement).value)}>
        ${error ? html`<p class="field-error" id=${`${id}-error`}>${error}</p>` : nothing}
      </div>
    `;
  }

  private _renderDestination(t: MoveMessages): TemplateResult {
    return html`
      <section aria-labelledby="destination-heading">
        <h2 id="destination-heading">${t.destinationHeading}</h2>
        <fieldset class="direction">
          <legend>${t.directionLegend}</legend>
          ${([ [ 'out', t.directionOut ], [ 'in', t.directionIn ] ] as const).map(([ value, label ]): TemplateResult => html`
            <label class="check">
              <input type="radio" name="direction" id=${`direction-${value}`} value=${value}
                .checked=${this._direction === value} ?disabled=${this._step === 'checking'}
                @change=${(): void => this._onDirection(value)}>
              <span>${label}</span>
            </label>`)}
        </fieldset>
        <p class="hint">${this._direction === 'in' ? t.destinationHintIn : t.destinationHint}</p>
        <form novalidate @submit=${this._onCheck}>
          ${this._field('pod', this._direction === 'in' ? t.podLabelIn : t.podLabel, 'url', t.podHint)}
          ${this._field('clientId', t.clientIdLabel, 'text')}
          ${this._field('clientSecret', t.clientSecretLabel, 'password')}
          ${this._field('issuer', t.issuerLabel, 'url', t.issuerHint)}
          <div class="actions">
            <button type="submit" class="primary" ?disabled=${this._step === 'checking'}>${t.check}</button>
          </div>
        </form>
      </section>
    `;
  }

  private _renderCheck(t: MoveMessages): TemplateResult | typeof nothing {
    if (this._step === 'checking') {
      return html`<cartable-busy-indicator label=${t.checking}></cartable-busy-indicator>`;
    }
    if (this._step !== 'checked') {
      return nothing;
    }
    if (this._error !== null) {
      return this._renderProblem(t.errorHeading, this._error, t.retry, (): void => {
        void this._onCheckAgain();
      });
    }
    const job = this._job;
    if (job?.state !== 'done') {
      return html`
        <div class="problem" role="alert">
          <h2 id="check-heading" tabindex="-1">${t.checkFailedHeading}</h2>
          <p>${job?.error ?? t.errorServer}</p>
          <button type="button" class="primary" @click=${this._onCheckAgain}>${t.retry}</button>
        </div>
      `;
    }
    const target = job.report?.target;
    return html`
      <section aria-labelledby="check-heading">
        <h2 id="check-heading" tabindex="-1">${t.checkHeading}</h2>
        <p>${t.checkOk}</p>
        <ul class="facts">
          <li>${t.checkResources(job.report?.documents ?? job.totalResources)}</li>
          <li>${t.checkSize(formatSize(job.report?.bytes ?? job.totalBytes))}</li>
          ${target?.quota ? html`<li>${t.checkFreeSpace(formatSize(target.quota.available))}</li>` : nothing}
        </ul>
        ${target?.cartable === false || (target !== undefined && !target.quota) ? html`<p class="note">${t.checkNotCartable}</p>` : nothing}
      </section>
      <section aria-labelledby="confirm-heading">
        <h2 id="confirm-heading">${t.confirmHeading}</h2>
        <ul class="facts">
          ${this._direction === 'in' ? html`
            <li>${t.confirmInCopy}</li>
            <li>${t.confirmInSource}</li>` : html`
            <li>${t.confirmReadOnly}</li>
            <li>${t.confirmRedirect}</li>
            <li>${t.confirmPeers}</li>`}
        </ul>
        <label class="check">
          <input id="confirm" type="checkbox" .checked=${this._confirmed}
            aria-invalid=${this._errors.confirm ? 'true' : 'false'}
            aria-describedby=${this._errors.confirm ? 'confirm-error' : nothing}
            @change=${this._onConfirm}>
          <span>${this._direction === 'in' ? t.confirmCheckboxIn : t.confirmCheckbox}</span>
        </label>
        ${this._errors.confirm ? html`<p class="field-error" id="confirm-error">${this._errors.confirm}</p>` : nothing}
        <div class="actions">
          <button type="button" class="primary" @click=${this._onStart}>${this._direction === 'in' ? t.startIn : t.start}</button>
        </div>
      </section>
    `;
  }

  private _renderProgress(t: MoveMessages): TemplateResult {
    const job = this._job;
    const total = job?.totalBytes ?? 0;
    const percent = total > 0 ? Math.floor(((job?.bytes ?? 0) * 100) / total / 10) * 10 : null;
    return html`
      <section aria-labelledby="progress-heading">
        <h2 id="progress-heading" tabindex="-1">${t.progressHeading}</h2>
        ${total > 0 ?
          html`<progress aria-labelledby="progress-heading" max=${total} value=${job?.bytes ?? 0}></progress>` :
          html`<progress aria-labelledby="progress-heading"></progress>`}
        <p role="status" aria-live="polite">${t.phase(job?.phase ?? 'starting')}${percent === null ? '' : ` ${percent} %`}</p>
        ${job && job.totalResources > 0 ? html`
          <ul class="facts">
            <li>${t.progressResources(job.resources, job.totalResources)}</li>
            ${total > 0 ? html`<li>${t.progressBytes(formatSize(job.bytes), formatSize(total))}</li>` : nothing}
            ${job.etaSeconds === null ? nothing : html`<li>${t.etaSeconds(job.etaSeconds)}</li>`}
          </ul>` : nothing}
        ${this._error === null ? nothing : html`<p class="field-error" role="alert">${explain(this._error, t)}</p>`}
        <div class="actions">
          <button type="button" ?disabled=${this._cancelling} @click=${this._onCancel}>
            ${this._cancelling ? t.cancelling : t.cancel}
          </button>
        </div>
      </section>
    `;
  }

  private _renderResult(t: MoveMessages): TemplateResult {
    const job = this._job;
    const report = job?.report;
    const done = job?.state === 'done' && job.exitCode === 0;
    const partial = job?.state === 'done' && !done;
    const heading = done ? job?.direction === 'in' ? t.resultDoneHeadingIn : t.resultDoneHeading : partial ? t.resultPartialHeading : t.resultFailedHeading;
    const problems = [ ...report?.failed ?? [], ...report?.skipped ?? [] ];
    return html`
      <section aria-labelledby="result-heading" class=${done ? '' : 'problem'} role=${done ? nothing : 'alert'}>
        <h2 id="result-heading" tabindex="-1">${heading}</h2>
        <p>${done ? job?.direction === 'in' ? t.resultDoneIn(report?.from ?? job.from ?? '') :
          t.resultDone(report?.to ?? job?.to ?? '') : partial ? t.resultPartial :
          job?.cancelled ? t.resultCancelled : job?.error ?? t.errorServer}</p>
        ${report ? html`
          <ul class="facts">
            <li>${t.resultMoved(report.moved ?? 0)}</li>
            ${report.alreadyThere ? html`<li>${t.resultAlreadyThere(report.alreadyThere)}</li>` : nothing}
          </ul>` : nothing}
        ${problems.length > 0 ? html`
          <h3>${t.resultFailedList}</h3>
          <ul class="facts">${problems.map((item): TemplateResult => html`<li><code>${item.path}</code> : ${item.reason}</li>`)}</ul>` :
          nothing}
        ${report?.notices?.length ? html`
          <h3>${t.resultNotices}</h3>
          <ul class="facts">${report.notices.map((notice): TemplateResult => html`<li>${notice}</li>`)}</ul>` : nothing}
        ${done ? nothing : html`<div class="actions">
          <button type="button" class="primary" @click=${this._onRetryMove}>${t.retryMove}</button>
        </div>`}
      </section>
    `;
  }

  /** The endpoint of the move jobs on the server. */
  private get _endpoint(): string {
    return new URL('.cartable/move/job', this.server).href;
  }

  /** Calls the endpoint; throws a {@link MoveRequestError} with the server's message on failure. */
  private async _request<T>(method: 'GET' | 'POST', body?: Record<string, unknown>): Promise<T> {
    const fetcher = this.fetcher;
    if (!fetcher) {
      throw new MoveRequestError(null, 'no session');
    }
    let response: Response;
    try {
      response = method === 'GET' ?
        await fetcher(`${this._endpoint}?pod=${encodeURIComponent(this.storage)}`, { headers: { accept: 'application/json' }}) :
        await fetcher(this._endpoint, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ pod: this.storage, ...body }) });
    } catch {
      throw new MoveRequestError(null, 'network');
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      json = null;
    }
    if (!response.ok) {
      const message = (json as { error?: unknown } | null)?.error;
      throw new MoveRequestError(response.status, typeof message === 'string' ? message : '');
    }
    return json as T;
  }

  /** Looks for a job of this pod (a move started in another tab, or before a reload). */
  private async _load(): Promise<void> {
    this._step = 'loading';
    this._error = null;
    try {
      const { job } = await this._request<{ job: MoveJob | null }>('GET');
      this._job = job;
      if (job?.kind === 'move') {
        this._step = job.state === 'running' ? 'moving' : 'result';
      } else if (job?.state === 'running') {
        this._step = 'checking';
      } else {
        this._step = 'form';
      }
      if (job?.state === 'running') {
        this._poll();
      }
    } catch (error: unknown) {
      this._error = error;
    }
  }

  /** Follows the running job until it ends, then shows its outcome. */
  private _poll(): void {
    clearTimeout(this._timer);
    this._timer = setTimeout((): void => {
      void this._pollOnce();
    }, this.pollMs);
  }

  private async _pollOnce(): Promise<void> {
    if (!this.isConnected) {
      return;
    }
    try {
      const { job } = await this._request<{ job: MoveJob | null }>('GET');
      this._job = job;
      this._error = null;
    } catch (error: unknown) {
      // Shown under the progress; the job goes on on the server, so looking again is enough.
      this._error = error;
      this._poll();
      return;
    }
    if (this._job?.state === 'running') {
      this._poll();
      return;
    }
    this._cancelling = false;
    this._step = this._job?.kind === 'move' ? 'result' : 'checked';
    await this._focus(this._step === 'result' ? 'result-heading' : 'check-heading');
  }

  private async _focus(id: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus();
  }

  private async _onExport(): Promise<void> {
    this._exportState = 'preparing';
    this._exportError = null;
    try {
      const { url } = await this._request<{ url: string }>('POST', { action: 'export' });
      this.navigate(url);
      this._exportState = 'started';
    } catch (error: unknown) {
      this._exportError = error;
      this._exportState = 'idle';
    }
  }

  private _onInput(field: Exclude<Field, 'confirm'>, value: string): void {
    this._values = { ...this._values, [field]: value };
    if (this._errors[field]) {
      this._errors = { ...this._errors, [field]: undefined };
    }
  }

  /** Checks the form; returns the errors by field, in the form's order. */
  private _validate(t: MoveMessages): Partial<Record<Field, string>> {
    const errors: Partial<Record<Field, string>> = {};
    const pod = this._values.pod.trim();
    const url = httpUrl(pod);
    if (pod === '') {
      errors.pod = t.errorPodEmpty;
    } else if (!url || !url.pathname.endsWith('/') || url.search || url.hash || url.username) {
      errors.pod = t.errorPodInvalid;
    } else if (url.href.startsWith(this.storage)) {
      errors.pod = t.errorPodSelf;
    }
    if (this._values.clientId.trim() === '') {
      errors.clientId = t.errorClientId;
    }
    if (this._values.clientSecret.trim() === '') {
      errors.clientSecret = t.errorClientSecret;
    }
    if (this._values.issuer.trim() !== '' && !httpUrl(this._values.issuer.trim())) {
      errors.issuer = t.errorIssuerInvalid;
    }
    return errors;
  }

  private async _onCheck(event: Event): Promise<void> {
    event.preventDefault();
    const errors = this._validate(moveMsg());
    this._errors = errors;
    const first = Object.keys(errors)[0];
    if (first) {
      await this._focus(first);
      return;
    }
    await this._run('check');
  }

  /** Starts a check or a move job with the form's values. */
  private async _run(action: 'check' | 'start'): Promise<void> {
    this._error = null;
    this._step = action === 'check' ? 'checking' : 'moving';
    const { pod, clientId, clientSecret, issuer } = this._values;
    try {
      const side = this._direction === 'in' ? 'from' : 'to';
      const { job } = await this._request<{ job: MoveJob }>('POST', { action, [side]: pod.trim(),
        [`${side}ClientId`]: clientId.trim(), [`${side}ClientSecret`]: clientSecret.trim(),
        ...issuer.trim() ? { [`${side}Issuer`]: issuer.trim() } : {}});
      this._job = job;
      this._poll();
      if (action === 'start') {
        await this._focus('progress-heading');
      }
    } catch (error: unknown) {
      this._error = error;
      this._job = null;
      this._step = 'checked';
      await this._focus('problem-heading');
    }
  }

  private _onDirection(direction: 'in' | 'out'): void {
    this._direction = direction;
    if (this._step === 'checked') {
      // A check was for the other direction: the form comes back.
      this._step = 'form';
      this._job = null;
      this._confirmed = false;
    }
  }

  private _onConfirm(event: Event): void {
    this._confirmed = (event.target as HTMLInputElement).checked;
    if (this._confirmed && this._errors.confirm) {
      this._errors = { ...this._errors, confirm: undefined };
    }
  }

  private async _onStart(): Promise<void> {
    if (!this._confirmed) {
      this._errors = { ...this._errors, confirm: moveMsg().confirmRequired };
      await this._focus('confirm');
      return;
    }
    await this._run('start');
  }

  private async _onCancel(): Promise<void> {
    this._cancelling = true;
    try {
      await this._request('POST', { action: 'cancel' });
    } catch (error: unknown) {
      this._cancelling = false;
      this._error = error;
    }
  }

  private async _onCheckAgain(): Promise<void> {
    this._error = null;
    this._step = 'form';
    await this._focus('pod');
  }

  /** Moves again with the same destination when it is still known (not after a reload), else back to the form. */
  private async _onRetryMove(): Promise<void> {
    if (this._values.pod && this._values.clientId && this._values.clientSecret) {
      await this._run('start');
      return;
    }
    this._job = null;
    this._confirmed = false;
    this._step = 'form';
    await this._focus('pod');
  }

  private _onReload(): void {
    void this._load();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cartable-move': CartableMove;
  }
}
