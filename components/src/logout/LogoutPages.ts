import type { PageLanguage } from '../ent/EntPages';
import { escapeHtml } from '../ent/EntPages';

/** The page shown once every session is over and the browser was told to forget this site's data. */
export function loggedOutPage(lang: PageLanguage, homeUrl: string): string {
  const fr = lang === 'fr';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fr ? 'Vous êtes déconnecté' : 'You are signed out'} – Cartable</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;margin:0;background:#f6f8fa;color:#1b1f24}main{max-width:36rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #c9d1d9;border-radius:.5rem}
a{display:inline-block;margin-top:1rem;padding:.7rem 1.2rem;border:2px solid #0b5cad;border-radius:.4rem;color:#0b5cad;text-decoration:none;min-height:44px}:focus-visible{outline:3px solid #e36209;outline-offset:2px}</style>
</head><body><main><h1>${fr ? 'Vous êtes déconnecté' : 'You are signed out'}</h1>
<p>${fr ? 'Cartable est fermé sur cet appareil et ce que le navigateur gardait de Cartable a été effacé. Votre ENT est fermé aussi si vous avez confirmé sa déconnexion ; dans tous les cas, la prochaine connexion avec Toutatice sur cet appareil redemandera le mot de passe.' :
    'Cartable is closed on this device and what the browser kept of Cartable was erased. Your ENT is closed too if you confirmed its sign-out; either way, the next sign-in with Toutatice on this device will ask for the password again.'}</p>
<a href="${escapeHtml(homeUrl)}">${fr ? 'Se reconnecter' : 'Sign in again'}</a></main>
<script>document.cookie = 'cartable-ent-relogin=1; Path=/; SameSite=Lax; Max-Age=86400';</script></body></html>`;
}
