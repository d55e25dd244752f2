import { Session } from '@inrupt/solid-client-authn-browser';
import { loadConsents } from './data/consents.ts';
import { loadContacts } from './data/contacts.ts';
import { loadLauncher } from './data/launcher.ts';
import { loadCartable } from './data/loadCartable.ts';
import type { HomeServices } from './services.ts';

/**
 * The real services of the home app in a browser: an Inrupt Solid-OIDC session, the data layer reading the
 * pod with that session's fetch, the ENT launcher of this server, the address book the ENT sign-in writes,
 * and the page's web storages. Imported lazily by the root element.
 */
export function browserServices(): HomeServices {
  const session = new Session();
  return {
    session: {
      get info() {
        return session.info;
      },
      handleIncomingRedirect: async(options): Promise<unknown> => session.handleIncomingRedirect(options),
      login: async(options): Promise<void> => session.login(options),
      logout: async(options): Promise<void> => session.logout(options),
      fetch: async(input, init): Promise<Response> => session.fetch(input, init),
    },
    loadCartable,
    loadLauncher,
    loadContacts,
    loadConsents,
    storages: [ localStorage, sessionStorage ],
    endServerSession: (): void => {
      location.assign(new URL('/.account/logout/', location.href).href);
    },
  };
}
