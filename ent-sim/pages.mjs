/**
 * The simulated ENT's pages (French, plain HTML, no script): login, logout confirmation, signed-out,
 * errors, home, and placeholder pages for the catalogue's applications; plus the SVG vignettes.
 *
 * Accessibility: one `<main>` and one `<h1>` per page, labelled fields with `autocomplete`, errors
 * announced with `role="alert"` and tied to the fields with `aria-describedby`, visible focus, text
 * contrast above 4.5:1.
 *
 * @module
 */

/** Display names of the directory's roles. */
const ROLE_LABELS = /** @type {Record<string, string>} */ ({
  eleve: 'élève', enseignant: 'enseignant', cpe: 'CPE', documentaliste: 'professeur documentaliste',
  direction: 'direction', parent: 'parent',
});

/** @param {string} role */
function roleLabel(role) {
  return ROLE_LABELS[role] ?? role;
}

/** @param {unknown} value */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1d2630;line-height:1.5}
header{background:#0b4f6c;color:#fff;padding:.75rem 1.5rem}header p{margin:0;font-weight:600}
main{max-width:34rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:.5rem;box-shadow:0 1px 3px #0003}
h1{font-size:1.5rem;margin-top:0}label{display:block;font-weight:600;margin-top:1rem}
input{display:block;width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #55606b;border-radius:.25rem}
button{font:inherit;margin-top:1.25rem;padding:.5rem 1.25rem;border:0;border-radius:.25rem;background:#0b4f6c;color:#fff;cursor:pointer}
button.secondary{background:#e1e6ea;color:#1d2630;margin-left:.5rem}
:focus-visible{outline:3px solid #c2410c;outline-offset:2px}
.error{color:#a3171b;font-weight:600}table{border-collapse:collapse;margin-top:.5rem}
td,th{border:1px solid #ccd3d9;padding:.25rem .5rem;text-align:left}code{background:#eef1f4;padding:0 .2rem}
.note{font-size:.9rem;color:#3c4650}`;

/**
 * @param {string} title
 * @param {string} body already escaped HTML
 */
export function page(title, body) {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – ENT simulé</title>
<style>${STYLE}</style>
</head>
<body>
<header><p>ENT simulé (Toutatice) – environnement de test</p></header>
<main>
${body}
</main>
</body>
</html>`;
}

/**
 * @typedef {object} DemoAccountHint
 * @property {string} login
 * @property {string} name
 * @property {string} role
 */

/**
 * The login form.
 * @param {{ action: string, abort: string, clientName: string, login?: string, error?: string, demoAccounts?: DemoAccountHint[], password?: string }} input
 */
export function loginPage({ action, abort, clientName, login = '', error, demoAccounts, password }) {
  const errorId = 'erreur-connexion';
  const invalid = error ? ` aria-invalid="true" aria-describedby="${errorId}"` : '';
  const demo = demoAccounts && demoAccounts.length > 0
    ? `<h2>Comptes de démonstration</h2>
<p class="note">Mot de passe de tous les comptes : <code>${escapeHtml(password)}</code></p>
<table><caption class="note">Identifiants</caption><thead><tr><th scope="col">Identifiant</th><th scope="col">Personne</th><th scope="col">Profil</th></tr></thead><tbody>
${demoAccounts.map((a) => `<tr><td><code>${escapeHtml(a.login)}</code></td><td>${escapeHtml(a.name)}</td><td>${escapeHtml(roleLabel(a.role))}</td></tr>`).join('\n')}
</tbody></table>`
    : '';
  return page('Connexion', `<h1>Connexion à l'ENT</h1>
<p>Pour accéder à <strong>${escapeHtml(clientName)}</strong>, identifiez-vous avec votre compte ENT.</p>
${error ? `<p id="${errorId}" class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
<label for="login">Identifiant</label>
<input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(login)}"${invalid}${login ? '' : ' autofocus'}>
<label for="password">Mot de passe</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}${login ? ' autofocus' : ''}>
<button type="submit">Se connecter</button>
<a href="${escapeHtml(abort)}" class="note" style="margin-left:1rem">Annuler</a>
</form>
${demo}`);
}

/**
 * The RP-initiated logout confirmation. `form` is oidc-provider's form (id `op.logoutForm`, hidden xsrf).
 * @param {string} form
 * @param {string} clientName
 */
export function logoutPage(form, clientName) {
  return page('Déconnexion', `<h1>Se déconnecter de l'ENT ?</h1>
<p>${clientName ? `<strong>${escapeHtml(clientName)}</strong> demande la fin de votre session ENT.` : 'Une application demande la fin de votre session ENT.'}
Vous devrez vous identifier de nouveau pour accéder aux services de l'ENT.</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Se déconnecter</button>
<button type="submit" form="op.logoutForm" class="secondary">Rester connecté</button>`);
}

/** @param {string} clientName */
export function loggedOutPage(clientName) {
  return page('Déconnecté', `<h1>Vous êtes déconnecté</h1>
<p>Votre session ENT est terminée${clientName ? ` (demande de ${escapeHtml(clientName)})` : ''}.</p>`);
}

/** @param {object} out */
export function errorPage(out) {
  return page('Erreur', `<h1>Une erreur est survenue</h1>
<div role="alert">${Object.entries(out).map(([k, v]) => `<p><strong>${escapeHtml(k)}</strong> : ${escapeHtml(v)}</p>`).join('\n')}</div>`);
}

/**
 * @param {{ title: string, description: string, uai: string }} app
 */
export function applicationPage({ title, description, uai }) {
  return page(title, `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(description)}</p>
<p class="note">Application simulée par l'ENT de test${uai ? ` pour l'établissement <code>${escapeHtml(uai.toUpperCase())}</code>` : ''}.
Dans l'ENT réel, ce lien ouvre l'application elle-même.</p>`);
}

/**
 * @param {{ issuer: string, structures: Array<{ uai: string, name: string, kind: string, pupils: number }>, demoAccounts?: DemoAccountHint[], password?: string }} input
 */
export function homePage({ issuer, structures, demoAccounts, password }) {
  const shown = structures.slice(0, 20);
  return page('Accueil', `<h1>ENT simulé</h1>
<p>Fournisseur OpenID Connect et API au format de Toutatice pour le développement et les tests de Cartable.
Toutes les personnes sont inventées.</p>
<p>Découverte : <a href="${escapeHtml(issuer)}/.well-known/openid-configuration"><code>/.well-known/openid-configuration</code></a></p>
<h2>Établissements (${structures.length})</h2>
<ul>${shown.map((s) => `<li><code>${escapeHtml(s.uai)}</code> ${escapeHtml(s.name)} (${s.pupils} élèves)</li>`).join('')}${structures.length > shown.length ? '<li>…</li>' : ''}</ul>
${demoAccounts ? `<h2>Comptes de démonstration</h2><p>Mot de passe : <code>${escapeHtml(password)}</code></p>
<ul>${demoAccounts.map((a) => `<li><code>${escapeHtml(a.login)}</code> – ${escapeHtml(a.name)} (${escapeHtml(roleLabel(a.role))})</li>`).join('')}</ul>` : ''}`);
}

/**
 * A vignette: a rounded square with the initials of the application.
 * @param {string} title
 * @param {string} color
 */
export function vignetteSvg(title, color) {
  const initials = title.split(/[\s-]+/).filter((w) => /^\p{L}/u.test(w)).slice(0, 2).map((w) => w[0].toUpperCase()).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="${escapeHtml(title)}">
<rect width="96" height="96" rx="18" fill="${escapeHtml(color)}"/>
<text x="48" y="60" font-family="system-ui,sans-serif" font-size="36" font-weight="700" fill="#fff" text-anchor="middle">${escapeHtml(initials)}</text>
</svg>`;
}
