/* global document, window */
/**
 * Language of Cartable's sign-in pages: French by default, English available.
 *
 * The pages are written in French; every translatable element carries `data-i18n="<key>"` (its text) or
 * `data-i18n-<attribute>="<key>"` (an attribute, e.g. `data-i18n-aria-label`). The choice is the apps' own
 * (localStorage key `cartable.language`, see apps/shared/i18n.ts), so a pupil who chose English in the
 * apps signs in in English and the other way round; without a choice the browser's language decides.
 *
 * Exposes `window.cartableI18n` for the page scripts: `t(key)`, `setText(element, key)`,
 * `showError(element, error)` (the server's English error messages, translated), `clearText(element)`,
 * `translate(root)`, `language()` and `setLanguage(lang)`.
 * Everything is inserted with `textContent` or `setAttribute`, never as HTML.
 */
(() => {
  const STORAGE_KEY = 'cartable.language';
  const LANGUAGES = [ 'fr', 'en' ];
  const LANGUAGE_NAMES = { fr: 'Français', en: 'English' };
  const TRANSLATED_ATTRIBUTES = [ 'aria-label', 'alt', 'title' ];

  const MESSAGES = {
    fr: {
      'skip': 'Aller au contenu',
      'languageNav': 'Langue',
      'footer': 'Cartable, le cartable numérique des élèves',
      'loading': 'Chargement…',
      'cancel': 'Annuler',
      'retry': 'Réessayer',
      'home': 'Retour à l’accueil',
      'index.title': 'Connexion',
      'index.failed': 'La connexion n’a pas pu démarrer. Vérifiez votre connexion à internet, puis réessayez.',
      'login.title': 'Se connecter à Cartable',
      'login.intro': 'Utilisez votre compte Toutatice, le même que pour l’ENT de votre établissement.',
      'login.ent': 'Se connecter avec Toutatice',
      'login.others': 'Autres moyens de connexion (personnels, tests)',
      'login.methods': 'Moyens de connexion',
      'login.none': 'Aucun moyen de connexion n’est configuré sur ce serveur.',
      'method.password': 'Adresse e-mail et mot de passe',
      'password.title': 'Connexion par mot de passe',
      'password.email': 'Adresse e-mail',
      'password.password': 'Mot de passe',
      'password.remember': 'Rester connecté sur cet appareil',
      'password.rememberHint': 'Ne cochez pas sur un ordinateur partagé.',
      'password.submit': 'Se connecter',
      'password.submitting': 'Connexion…',
      'password.forgot': 'Mot de passe oublié ?',
      'password.others': 'Autres moyens de connexion',
      'consent.titleStart': 'L’application',
      'consent.titleEnd': 'souhaite accéder à votre cartable',
      'consent.intro': 'Si vous l’autorisez, elle pourra lire et modifier les documents de votre cartable en votre nom.',
      'consent.unnamed': 'sans nom',
      'consent.about': 'À propos de cette application',
      'consent.site': 'Site',
      'consent.id': 'Identifiant',
      'consent.webIds': 'Avec quelle identité ?',
      'consent.remember': 'Se souvenir de cette application',
      'consent.rememberHint': 'Ne cochez pas sur un ordinateur partagé : la prochaine fois, elle ne vous demandera rien.',
      'consent.authorize': 'Autoriser',
      'consent.deny': 'Refuser',
      'consent.switch': 'Utiliser un autre compte',
      'consent.noWebId': 'Aucune identité (WebID) n’est liée à ce compte : l’application ne peut pas y accéder.',
      'errors.credentials': 'Adresse e-mail ou mot de passe incorrect.',
      'errors.unverified': 'Ce compte n’a pas encore été vérifié.',
      'errors.emailMissing': 'Saisissez votre adresse e-mail.',
      'errors.emailInvalid': 'Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.',
      'errors.passwordMissing': 'Saisissez votre mot de passe.',
      'errors.webId': 'Cette identité n’appartient pas à votre compte.',
      'errors.expired': 'Cette étape de connexion a expiré. Revenez à l’application et recommencez.',
      'errors.network': 'Le serveur ne répond pas. Vérifiez votre connexion à internet, puis réessayez.',
      'errors.generic': 'Une erreur inattendue s’est produite.',
    },
    en: {
      'skip': 'Skip to content',
      'languageNav': 'Language',
      'footer': 'Cartable, the pupils’ digital school bag',
      'loading': 'Loading…',
      'cancel': 'Cancel',
      'retry': 'Try again',
      'home': 'Back to the home page',
      'index.title': 'Sign in',
      'index.failed': 'Signing in could not start. Check your internet connection, then try again.',
      'login.title': 'Sign in to Cartable',
      'login.intro': 'Use your Toutatice account, the same as for your school’s ENT.',
      'login.ent': 'Sign in with Toutatice',
      'login.others': 'Other ways to sign in (staff, tests)',
      'login.methods': 'Ways to sign in',
      'login.none': 'No way to sign in is configured on this server.',
      'method.password': 'Email address and password',
      'password.title': 'Sign in with a password',
      'password.email': 'Email address',
      'password.password': 'Password',
      'password.remember': 'Stay signed in on this device',
      'password.rememberHint': 'Leave unchecked on a shared computer.',
      'password.submit': 'Sign in',
      'password.submitting': 'Signing in…',
      'password.forgot': 'Forgot your password?',
      'password.others': 'Other ways to sign in',
      'consent.titleStart': 'The application',
      'consent.titleEnd': 'wants to access your cartable',
      'consent.intro': 'If you allow it, it can read and change the documents in your cartable on your behalf.',
      'consent.unnamed': 'without a name',
      'consent.about': 'About this application',
      'consent.site': 'Website',
      'consent.id': 'Identifier',
      'consent.webIds': 'With which identity?',
      'consent.remember': 'Remember this application',
      'consent.rememberHint': 'Leave unchecked on a shared computer: next time it will not ask you anything.',
      'consent.authorize': 'Allow',
      'consent.deny': 'Deny',
      'consent.switch': 'Use another account',
      'consent.noWebId': 'No identity (WebID) is linked to this account: the application cannot access it.',
      'errors.credentials': 'Incorrect email address or password.',
      'errors.unverified': 'This account has not been verified yet.',
      'errors.emailMissing': 'Enter your email address.',
      'errors.emailInvalid': 'Enter a valid email address, for example first.last@example.com.',
      'errors.passwordMissing': 'Enter your password.',
      'errors.webId': 'This identity does not belong to your account.',
      'errors.expired': 'This sign-in step has expired. Go back to the application and start again.',
      'errors.network': 'The server does not answer. Check your internet connection, then try again.',
      'errors.generic': 'Something unexpected went wrong.',
    },
  };

  /** The server's (English) error messages that a person can meet on these pages, by message key. */
  const SERVER_ERRORS = {
    'Invalid email/password combination.': 'errors.credentials',
    'Login does not exist.': 'errors.credentials',
    'Login still needs to be verified.': 'errors.unverified',
    'email is a required field': 'errors.emailMissing',
    'email must be a valid email': 'errors.emailInvalid',
    'password is a required field': 'errors.passwordMissing',
    'WebID does not belong to this account.': 'errors.webId',
    'Only interactions with a valid session are supported.': 'errors.expired',
    'Failed to fetch': 'errors.network',
    'NetworkError when attempting to fetch resource.': 'errors.network',
    'Load failed': 'errors.network',
  };

  function isLanguage(value) {
    return LANGUAGES.includes(value);
  }

  /** The stored choice; storage may be unavailable (privacy modes, sandboxed frames). */
  function storedLanguage() {
    try {
      const value = localStorage.getItem(STORAGE_KEY);
      return isLanguage(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  // French first (the product's rule, as in the apps): English only when the person chose it.
  let current = storedLanguage() ?? LANGUAGES[0];
  document.documentElement.lang = current;

  /** The text of `key` in the current language (French, then the key itself, when missing). */
  function t(key) {
    return MESSAGES[current][key] ?? MESSAGES.fr[key] ?? key;
  }

  /** Shows the text of `key` in `element`, and keeps it translated when the language changes. */
  function setText(element, key) {
    element.dataset.i18n = key;
    element.textContent = t(key);
  }

  /**
   * Shows an error a person can act on in `element` (a `role="alert"` region): the server's known English
   * messages translated, unknown ones after a generic sentence.
   */
  function showError(element, error) {
    const message = String(error?.message ?? error ?? '').trim();
    const key = SERVER_ERRORS[message];
    if (key || !message) {
      setText(element, key ?? 'errors.generic');
    } else {
      delete element.dataset.i18n;
      element.textContent = `${t('errors.generic')} (${message})`;
    }
  }

  /** Empties a message region (an error or a status). */
  function clearText(element) {
    delete element.dataset.i18n;
    element.textContent = '';
  }

  /** Translates every marked element under `root`, the language switch and the window title. */
  function translate(root = document) {
    for (const element of root.querySelectorAll('[data-i18n]')) {
      element.textContent = t(element.dataset.i18n);
    }
    for (const attribute of TRANSLATED_ATTRIBUTES) {
      for (const element of root.querySelectorAll(`[data-i18n-${attribute}]`)) {
        element.setAttribute(attribute, t(element.getAttribute(`data-i18n-${attribute}`)));
      }
    }
    const other = LANGUAGES.find((language) => language !== current);
    const toggle = document.getElementById('language-switch');
    if (toggle) {
      toggle.textContent = LANGUAGE_NAMES[other];
      toggle.lang = other;
    }
    const heading = document.querySelector('main h1');
    if (heading) {
      document.title = `${heading.textContent.replace(/\s+/gu, ' ').trim()} – Cartable`;
    }
  }

  /** Changes the language, remembers it on this device (for the apps too) and retranslates the page. */
  function setLanguage(next) {
    if (!isLanguage(next)) {
      return;
    }
    current = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered on this device: the choice still holds on this page.
    }
    // Pages rendered by the server (terms, logout) read the choice from this cookie.
    document.cookie = `cartable-lang=${next}; Path=/; SameSite=Lax; Max-Age=31536000`;
    document.documentElement.lang = next;
    translate();
    window.dispatchEvent(new CustomEvent('cartable-language-change', { detail: next }));
  }

  window.cartableI18n = { t, translate, setLanguage, setText, showError, clearText, language: () => current };

  document.addEventListener('DOMContentLoaded', () => {
    translate();
    document.getElementById('language-switch')?.addEventListener('click', () => {
      setLanguage(LANGUAGES.find((language) => language !== current));
    });
  });

  // Another tab (an app, or another sign-in page) changed the language.
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY && isLanguage(event.newValue) && event.newValue !== current) {
      current = event.newValue;
      document.documentElement.lang = current;
      translate();
    }
  });
})();
