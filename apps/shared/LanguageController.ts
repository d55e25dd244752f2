import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LANGUAGE_CHANGE_EVENT } from './i18n.ts';

/**
 * Re-renders its host element when the language changes (see {@link LANGUAGE_CHANGE_EVENT}).
 * Add one to every element that shows text: `private readonly _language = new LanguageController(this);`
 */
export class LanguageController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly onChange = (): void => this.host.requestUpdate();

  public constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  public hostConnected(): void {
    window.addEventListener(LANGUAGE_CHANGE_EVENT, this.onChange);
  }

  public hostDisconnected(): void {
    window.removeEventListener(LANGUAGE_CHANGE_EVENT, this.onChange);
  }
}
