/**
 * The pages a person sees during ENT sign-in (terms of use, refusal, errors), French first with English.
 * Server-rendered, no script, accessible (landmarks, labels, visible focus), phone-sized.
 */

export type PageLanguage = 'fr' | 'en';

/** Escapes text for HTML. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/gu, (char): string => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

/**
 * French first, as everywhere in Cartable: English only when asked by `?lang=en` or when the person chose
 * English in the apps or sign-in pages (they set the `cartable-lang` cookie).
 */
export function pageLanguage(cookieHeader: string | undefined, override?: string | null): PageLanguage {
  if (override === 'en' || override === 'fr') {
    return override;
  }
  return /(?:^|;\s*)cartable-lang=en(?:;|$)/u.test(cookieHeader ?? '') ? 'en' : 'fr';
}

const STYLE = `
:root{color-scheme:light;--ink:#1b1f24;--accent:#0b5cad;--muted:#4a5560;--line:#c9d1d9}
*{box-sizing:border-box}body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f6f8fa}
header,main,footer{max-width:40rem;margin:0 auto;padding:1rem}header{font-weight:700;font-size:1.25rem}
main{background:#fff;border:1px solid var(--line);border-radius:.5rem}
h1{font-size:1.4rem;margin-top:0}ul{padding-left:1.25rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}
button,a.button{font:inherit;padding:.7rem 1.2rem;border-radius:.4rem;border:2px solid var(--accent);cursor:pointer;text-decoration:none;min-height:44px}
button.primary{background:var(--accent);color:#fff}button.secondary,a.button{background:#fff;color:var(--accent)}
:focus-visible{outline:3px solid #e36209;outline-offset:2px}.muted{color:var(--muted)}
nav a{color:var(--accent)}`;

function layout(lang: PageLanguage, title: string, body: string, otherLanguageUrl?: string): string {
  const switcher = otherLanguageUrl ?
    `<nav aria-label="${lang === 'fr' ? 'Langue' : 'Language'}"><a href="${escapeHtml(otherLanguageUrl)}" lang="${lang === 'fr' ? 'en' : 'fr'}">${lang === 'fr' ? 'English' : 'Français'}</a></nav>` :
    '';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Cartable</title><style>${STYLE}</style></head>
<body><header>Cartable ${switcher}</header><main id="main">${body}</main>
<footer class="muted">${lang === 'fr' ? 'Cartable, le cartable numérique des élèves' : 'Cartable, the pupils\u2019 digital school bag'}</footer></body></html>`;
}

/** What the terms page shows about the person. */
export interface TermsView {
  token: string;
  action: string;
  name?: string;
  termsVersion: string;
  otherLanguageUrl: string;
}

/** First sign-in: the terms of use and what Cartable receives from the ENT; accept or refuse. */
export function termsPage(lang: PageLanguage, view: TermsView): string {
  const fr = lang === 'fr';
  const hello = view.name ? `${fr ? 'Bonjour' : 'Hello'} ${escapeHtml(view.name)}` : (fr ? 'Bienvenue' : 'Welcome');
  const body = fr ?
    `<h1>${hello} : votre cartable numérique</h1>
<p>C'est votre première connexion. Avant de créer votre cartable, lisez ce que Cartable reçoit de votre ENT et ce qu'il en fait.</p>
<h2>Ce que Cartable reçoit de l'ENT</h2>
<ul><li>votre identifiant ENT (il ne sert qu'à vous reconnaître) ;</li>
<li>vos nom et prénom, votre rôle (élève, enseignant, parent…), votre établissement et vos classes ou groupes ;</li>
<li>la liste de vos camarades et enseignants, pour vos contacts ;</li>
<li>votre date de naissance si vous êtes élève, pour savoir si vos parents voient vos résultats (moins de 15 ans).</li></ul>
<h2>Ce que Cartable en fait</h2>
<ul><li>Votre cartable vous appartient : vous seul y accédez, sauf ce que vous partagez.</li>
<li>Votre nom, établissement et classe ne sont visibles que par les membres connectés de votre établissement.</li>
<li>Vous voyez et retirez à tout moment qui peut voir quoi, et vous pouvez emporter tout votre cartable ailleurs.</li>
<li>Rien n'est vendu ni utilisé pour de la publicité.</li></ul>
<p class="muted">Conditions générales d'utilisation, version ${escapeHtml(view.termsVersion)}.</p>
<form method="post" action="${escapeHtml(view.action)}">
<input type="hidden" name="token" value="${escapeHtml(view.token)}">
<div class="actions"><button class="primary" type="submit" name="decision" value="accept">J'accepte et je crée mon cartable</button>
<button class="secondary" type="submit" name="decision" value="refuse">Je refuse</button></div></form>` :
    `<h1>${hello}: your digital school bag</h1>
<p>This is your first sign-in. Before your cartable is created, read what Cartable receives from your ENT and what it does with it.</p>
<h2>What Cartable receives from the ENT</h2>
<ul><li>your ENT identifier (only to recognise you);</li>
<li>your name, your role (pupil, teacher, parent…), your school and your classes or groups;</li>
<li>the list of your classmates and teachers, for your contacts;</li>
<li>your birth date if you are a pupil, to know whether your parents see your results (under 15).</li></ul>
<h2>What Cartable does with it</h2>
<ul><li>Your cartable is yours: only you can open it, except what you share.</li>
<li>Your name, school and class are visible only to signed-in members of your school.</li>
<li>You see and revoke at any time who can see what, and you can take your whole cartable elsewhere.</li>
<li>Nothing is sold or used for advertising.</li></ul>
<p class="muted">Terms of use, version ${escapeHtml(view.termsVersion)}.</p>
<form method="post" action="${escapeHtml(view.action)}">
<input type="hidden" name="token" value="${escapeHtml(view.token)}">
<div class="actions"><button class="primary" type="submit" name="decision" value="accept">I accept, create my cartable</button>
<button class="secondary" type="submit" name="decision" value="refuse">I refuse</button></div></form>`;
  return layout(lang, fr ? 'Conditions d\u2019utilisation' : 'Terms of use', body, view.otherLanguageUrl);
}

/** After a refusal: nothing was stored. */
export function refusedPage(lang: PageLanguage, homeUrl: string): string {
  const body = lang === 'fr' ?
    `<h1>Vous avez refusé</h1><p>Aucun compte n'a été créé et rien n'a été enregistré. Vous pouvez revenir quand vous voulez.</p>
<div class="actions"><a class="button" href="${escapeHtml(homeUrl)}">Retour à l'accueil</a></div>` :
    `<h1>You refused</h1><p>No account was created and nothing was stored. You can come back whenever you want.</p>
<div class="actions"><a class="button" href="${escapeHtml(homeUrl)}">Back to the home page</a></div>`;
  return layout(lang, lang === 'fr' ? 'Refus enregistré' : 'Refused', body);
}

/** Sign-in failed: what happened and what to do, in words a pupil can act on. */
export function errorPage(lang: PageLanguage, kind: 'unavailable' | 'refused' | 'expired' | 'internal', retryUrl: string):
string {
  const texts = {
    fr: {
      unavailable: [ 'L\u2019ENT ne répond pas', 'La connexion avec votre ENT n\u2019a pas pu se faire. Rien n\u2019a été créé. Réessayez dans quelques minutes.' ],
      refused: [ 'Connexion refusée', 'La réponse de l\u2019ENT n\u2019a pas pu être vérifiée, par sécurité la connexion est refusée. Recommencez depuis le début.' ],
      expired: [ 'Connexion expirée', 'Cette étape de connexion a expiré ou a déjà servi. Recommencez depuis le début.' ],
      internal: [ 'Un problème est survenu', 'Votre cartable n\u2019a pas pu être préparé. Rien n\u2019a été perdu. Réessayez ; si cela continue, prévenez votre établissement.' ],
    },
    en: {
      unavailable: [ 'The ENT does not answer', 'Signing in with your ENT failed. Nothing was created. Try again in a few minutes.' ],
      refused: [ 'Sign-in refused', 'The ENT\u2019s answer could not be verified, so the sign-in is refused for safety. Start again.' ],
      expired: [ 'Sign-in expired', 'This sign-in step has expired or was already used. Start again.' ],
      internal: [ 'Something went wrong', 'Your cartable could not be prepared. Nothing was lost. Try again; if it goes on, tell your school.' ],
    },
  }[lang][kind];
  const body = `<h1>${texts[0]}</h1><p>${texts[1]}</p>
<div class="actions"><a class="button" href="${escapeHtml(retryUrl)}">${lang === 'fr' ? 'Recommencer' : 'Start again'}</a></div>`;
  return layout(lang, texts[0], body);
}
