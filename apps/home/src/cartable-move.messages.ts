import { language } from '../../shared/i18n.ts';

/**
 * Strings of the "Paramètres → Déménager" view, French first. Kept beside the view (rather than in
 * `shared/messages/`) while the feature settles; {@link MoveMessages} is derived from the French ones, so a
 * missing English string is a type error, as for the shared messages.
 */
const fr = {
  settings: 'Paramètres',
  heading: 'Déménager mon cartable',
  intro: 'Votre cartable vous appartient : vous pouvez en garder une copie, ou le déménager chez un autre fournisseur Solid. Vos fichiers, vos notes et leurs droits d’accès partent avec vous.',
  loading: 'Recherche d’un déménagement en cours…',
  exportHeading: 'Télécharger une copie de mon cartable',
  exportHint: 'Une archive (fichier .tar) de tout votre cartable, à garder chez vous. Votre cartable ne change pas.',
  exportButton: 'Télécharger une copie',
  exportPreparing: 'Préparation du téléchargement…',
  exportStarted: 'Le téléchargement a commencé. Selon la taille de votre cartable, il peut durer plusieurs minutes.',
  destinationHeading: 'Où déménager ?',
  destinationHint: 'Créez d’abord votre nouveau cartable chez le fournisseur de votre choix, puis des identifiants client pour ce cartable : sur Cartable ou sur un Community Solid Server, dans la page de votre compte, rubrique « Identifiants client ».',
  podLabel: 'Adresse du nouveau cartable',
  podHint: 'Par exemple https://solid.exemple.fr/camille/ (elle se termine par /).',
  clientIdLabel: 'Identifiant client',
  clientSecretLabel: 'Secret client',
  issuerLabel: 'Fournisseur d’identité (facultatif)',
  issuerHint: 'À remplir seulement si la connexion se fait ailleurs que sur le serveur du nouveau cartable.',
  check: 'Vérifier',
  retry: 'Réessayer',
  errorPodEmpty: 'Indiquez l’adresse de votre nouveau cartable.',
  errorPodInvalid: 'Cette adresse n’est pas valide : elle doit commencer par https:// (ou http://) et se terminer par /.',
  errorPodSelf: 'C’est l’adresse de ce cartable-ci : indiquez celle du nouveau.',
  errorClientId: 'Indiquez l’identifiant client créé chez le nouveau fournisseur.',
  errorClientSecret: 'Indiquez le secret client créé chez le nouveau fournisseur.',
  errorIssuerInvalid: 'Cette adresse n’est pas valide : elle doit commencer par https:// (ou http://).',
  checking: 'Vérification en cours : lecture de votre cartable et connexion au nouveau fournisseur…',
  checkHeading: 'Résultat de la vérification',
  checkOk: 'Tout est prêt pour le déménagement.',
  checkResources: (count: number): string => `${count} document${count > 1 ? 's' : ''} à déménager`,
  checkSize: (size: string): string => `Taille : ${size}`,
  checkFreeSpace: (size: string): string => `Place libre chez le nouveau fournisseur : ${size}`,
  checkNotCartable: 'Le nouveau fournisseur n’est pas un serveur Cartable : sa place libre ne peut pas être vérifiée à l’avance. Si elle manque, le déménagement s’arrêtera et votre cartable restera ici, intact.',
  checkFailedHeading: 'La vérification a échoué',
  confirmHeading: 'Avant de déménager',
  confirmReadOnly: 'Pendant le déménagement, votre cartable est en lecture seule : vous pouvez le consulter, mais pas le modifier.',
  confirmRedirect: 'Ensuite, les anciennes adresses de vos documents renvoient vers le nouveau cartable pendant 30 jours.',
  confirmPeers: 'Les personnes avec qui vous partagez des documents sont prévenues de votre nouvelle adresse.',
  confirmCheckbox: 'J’ai compris : je veux déménager mon cartable vers cette adresse.',
  confirmRequired: 'Cochez la case pour confirmer le déménagement.',
  start: 'Déménager mon cartable',
  changeDestination: 'Modifier la destination',
  progressHeading: 'Déménagement en cours',
  progressLabel: 'Avancement du déménagement',
  phase: (phase: string): string => ({
    starting: 'Démarrage…',
    list: 'Inventaire de votre cartable…',
    check: 'Vérifications…',
    copy: 'Copie des documents…',
    acl: 'Copie des droits d’accès…',
    finish: 'Dernières étapes…',
  } as Record<string, string>)[phase] ?? 'En cours…',
  progressResources: (done: number, total: number): string => `${done} document${done > 1 ? 's' : ''} sur ${total}`,
  progressBytes: (done: string, total: string): string => `${done} sur ${total}`,
  etaSeconds: (seconds: number): string => seconds < 60 ? 'moins d’une minute restante' :
    `environ ${Math.round(seconds / 60)} min restante${Math.round(seconds / 60) > 1 ? 's' : ''}`,
  cancel: 'Annuler le déménagement',
  cancelling: 'Annulation…',
  resultDoneHeading: 'Votre cartable a déménagé',
  resultDone: (to: string): string => `Votre cartable est maintenant à l’adresse ${to}. Les anciennes adresses y renvoient pendant 30 jours.`,
  resultPartialHeading: 'Le déménagement est incomplet',
  resultPartial: 'Certains documents n’ont pas pu être déménagés. Votre cartable reste ici et redevient modifiable ; vous pouvez réessayer : ce qui est déjà copié ne sera pas recopié.',
  resultFailedHeading: 'Le déménagement n’a pas pu se faire',
  resultCancelled: 'Vous avez annulé le déménagement. Votre cartable reste ici et redevient modifiable.',
  resultMoved: (count: number): string => `${count} document${count > 1 ? 's' : ''} déménagé${count > 1 ? 's' : ''}`,
  resultAlreadyThere: (count: number): string => `${count} déjà présent${count > 1 ? 's' : ''} à la nouvelle adresse`,
  resultFailedList: 'Documents non déménagés',
  resultNotices: 'À savoir',
  retryMove: 'Réessayer le déménagement',
  errorHeading: 'Impossible de continuer',
  errorNetwork: 'Le serveur ne répond pas. Vérifiez votre connexion à internet, puis réessayez.',
  errorUnauthorized: 'Votre session a expiré ou ce cartable n’est pas le vôtre. Reconnectez-vous.',
  errorNotAvailable: 'Ce serveur ne propose pas le déménagement de ce cartable.',
  errorBusy: 'Un déménagement de ce cartable est déjà en cours.',
  errorRefused: (reason: string): string => `Le serveur a refusé la demande : ${reason}`,
  errorServer: 'Le serveur a rencontré un problème. Réessayez dans quelques instants.',
  sizeUnits: [ 'octets', 'Ko', 'Mo', 'Go', 'To' ],
};

/** The strings of the move view. */
export type MoveMessages = typeof fr;

const en: MoveMessages = {
  settings: 'Settings',
  heading: 'Move my Cartable',
  intro: 'Your Cartable belongs to you: you can keep a copy of it, or move it to another Solid provider. Your files, notes and their access rights go with you.',
  loading: 'Looking for a move in progress…',
  exportHeading: 'Download a copy of my Cartable',
  exportHint: 'An archive (.tar file) of your whole Cartable, to keep at home. Your Cartable does not change.',
  exportButton: 'Download a copy',
  exportPreparing: 'Preparing the download…',
  exportStarted: 'The download has started. Depending on the size of your Cartable, it may take several minutes.',
  destinationHeading: 'Where to move?',
  destinationHint: 'First create your new pod with the provider of your choice, then client credentials for it: on Cartable or on a Community Solid Server, in your account page, under "Client credentials".',
  podLabel: 'Address of the new pod',
  podHint: 'For example https://solid.example.org/camille/ (it ends with /).',
  clientIdLabel: 'Client ID',
  clientSecretLabel: 'Client secret',
  issuerLabel: 'Identity provider (optional)',
  issuerHint: 'Only needed when you sign in somewhere else than the new pod’s server.',
  check: 'Check',
  retry: 'Try again',
  errorPodEmpty: 'Enter the address of your new pod.',
  errorPodInvalid: 'This address is not valid: it must start with https:// (or http://) and end with /.',
  errorPodSelf: 'This is the address of this Cartable: enter the new one.',
  errorClientId: 'Enter the client ID created with the new provider.',
  errorClientSecret: 'Enter the client secret created with the new provider.',
  errorIssuerInvalid: 'This address is not valid: it must start with https:// (or http://).',
  checking: 'Checking: reading your Cartable and connecting to the new provider…',
  checkHeading: 'Check result',
  checkOk: 'Everything is ready for the move.',
  checkResources: (count: number): string => `${count} document${count === 1 ? '' : 's'} to move`,
  checkSize: (size: string): string => `Size: ${size}`,
  checkFreeSpace: (size: string): string => `Free space with the new provider: ${size}`,
  checkNotCartable: 'The new provider is not a Cartable server: its free space cannot be checked in advance. If space runs out, the move stops and your Cartable stays here, untouched.',
  checkFailedHeading: 'The check failed',
  confirmHeading: 'Before moving',
  confirmReadOnly: 'During the move your Cartable is read-only: you can look at it but not change it.',
  confirmRedirect: 'Afterwards, the old addresses of your documents lead to the new pod for 30 days.',
  confirmPeers: 'The people you share documents with are told your new address.',
  confirmCheckbox: 'I understand: I want to move my Cartable to this address.',
  confirmRequired: 'Tick the box to confirm the move.',
  start: 'Move my Cartable',
  changeDestination: 'Change the destination',
  progressHeading: 'Moving',
  progressLabel: 'Move progress',
  phase: (phase: string): string => ({
    starting: 'Starting…',
    list: 'Listing your Cartable…',
    check: 'Checking…',
    copy: 'Copying documents…',
    acl: 'Copying access rights…',
    finish: 'Finishing…',
  } as Record<string, string>)[phase] ?? 'In progress…',
  progressResources: (done: number, total: number): string => `${done} of ${total} document${total === 1 ? '' : 's'}`,
  progressBytes: (done: string, total: string): string => `${done} of ${total}`,
  etaSeconds: (seconds: number): string => seconds < 60 ? 'less than a minute left' :
    `about ${Math.round(seconds / 60)} min left`,
  cancel: 'Cancel the move',
  cancelling: 'Cancelling…',
  resultDoneHeading: 'Your Cartable has moved',
  resultDone: (to: string): string => `Your Cartable now lives at ${to}. The old addresses lead there for 30 days.`,
  resultPartialHeading: 'The move is incomplete',
  resultPartial: 'Some documents could not be moved. Your Cartable stays here and can be changed again; you can retry: what was already copied is not copied again.',
  resultFailedHeading: 'The move could not be done',
  resultCancelled: 'You cancelled the move. Your Cartable stays here and can be changed again.',
  resultMoved: (count: number): string => `${count} document${count === 1 ? '' : 's'} moved`,
  resultAlreadyThere: (count: number): string => `${count} already at the new address`,
  resultFailedList: 'Documents not moved',
  resultNotices: 'Good to know',
  retryMove: 'Retry the move',
  errorHeading: 'Cannot go on',
  errorNetwork: 'The server does not answer. Check your internet connection, then try again.',
  errorUnauthorized: 'Your session has expired or this Cartable is not yours. Sign in again.',
  errorNotAvailable: 'This server does not offer moving this Cartable.',
  errorBusy: 'A move of this Cartable is already in progress.',
  errorRefused: (reason: string): string => `The server refused the request: ${reason}`,
  errorServer: 'The server ran into a problem. Try again in a few moments.',
  sizeUnits: [ 'bytes', 'KB', 'MB', 'GB', 'TB' ],
};

/** The move view's strings in the current language. */
export function moveMsg(): MoveMessages {
  return language() === 'en' ? en : fr;
}

/** A byte count for people: `12,3 Mo` in French, `12.3 MB` in English. */
export function formatSize(bytes: number): string {
  const units = moveMsg().sizeUnits;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const number = new Intl.NumberFormat(language() === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: unit === 0 ? 0 : 1 })
    .format(value);
  return `${number} ${units[unit]}`;
}
