/**
 * French strings of the apps (the default language). Every other language file has the same keys:
 * {@link Messages} is derived from this one, so a missing translation is a type error.
 */
export const fr = {
  appName: 'Cartable',
  tagline: 'Votre cartable numérique : fichiers, notes, photos, scolarité et badges, dans un espace qui est à vous.',
  signInHeading: 'Bienvenue',
  signInHint: 'Connectez-vous avec le compte de votre établissement.',
  signIn: 'Se connecter',
  signOut: 'Se déconnecter',
  hello: (name: string): string => `Bonjour ${name}`,
  helloNoName: 'Bonjour',
  identityLabel: 'Vos informations',
  school: 'Établissement',
  className: 'Classe',
  role: 'Rôle',
  rolePupil: 'Élève',
  roleTeacher: 'Enseignant',
  roleParent: 'Parent',
  roleStaff: 'Personnel de l’établissement',
  areasHeading: 'Mon cartable',
  restoringSession: 'Connexion en cours…',
  loadingCartable: 'Chargement de votre cartable…',
  errorHeading: 'Impossible de lire votre profil',
  errorNetwork: 'Le serveur ne répond pas. Vérifiez votre connexion à internet, puis réessayez.',
  errorUnauthorized: 'Votre session a expiré ou vous n’avez pas accès à ce document. Reconnectez-vous.',
  errorNotFound: 'Ce profil est introuvable.',
  errorServer: 'Le serveur a rencontré un problème. Réessayez dans quelques instants.',
  errorSyntax: 'Le profil a été reçu, mais il n’est pas lisible.',
  errorContent: 'Le profil n’indique aucun espace de stockage.',
  errorUnknown: 'Une erreur inattendue s’est produite.',
  errorDocument: 'Document',
  errorStatus: 'Code HTTP',
  signInFailed: 'La connexion a échoué. Réessayez dans quelques instants.',
  retry: 'Réessayer',
  languageLabel: 'Langue',
  launcherHeading: 'Mes applications de l’ENT',
  launcherFavourites: 'Favoris',
  launcherCategoryEnt: 'Services de l’ENT',
  launcherCategoryToutatice: 'Services Toutatice',
  launcherCategoryGar: 'Ressources numériques (GAR)',
  launcherCategoryArena: 'Gestion (Arena)',
  launcherCategoryOther: 'Autres applications',
  launcherLoading: 'Chargement de vos applications de l’ENT…',
  launcherEmpty: 'Votre ENT ne propose aucune application pour le moment.',
  launcherNotLinked: 'Votre compte Cartable n’est pas relié à l’ENT. Connectez-vous avec Toutatice pour retrouver ici vos applications.',
  launcherNoEnt: 'Ce Cartable n’est relié à aucun ENT : il n’y a pas d’application à afficher.',
  launcherSignInAgain: 'L’ENT demande une nouvelle connexion. Déconnectez-vous, puis reconnectez-vous avec Toutatice pour retrouver vos applications.',
  launcherNotSupported: 'Ce serveur Solid ne propose pas les applications de l’ENT. Vos fichiers et vos espaces restent disponibles.',
  launcherErrorHeading: 'Impossible d’afficher vos applications de l’ENT',
  launcherErrorEnt: 'L’ENT ne répond pas pour le moment. Réessayez dans quelques instants.',
  launcherErrorSession: 'Votre session a expiré. Reconnectez-vous.',
};

/** The strings of one language. */
export type Messages = {
  readonly [K in keyof typeof fr]: (typeof fr)[K] extends (...args: infer A) => string ? (...args: A) => string : string
};
