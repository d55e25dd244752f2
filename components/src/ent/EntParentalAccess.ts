import type { AuxiliaryIdentifierStrategy, KeyValueStorage, ResourceStore } from '@solid/community-server';
import { BasicRepresentation, getLoggerFor, readableToString } from '@solid/community-server';
import { prefixLines, turtleIri, turtleString } from '../util/Turtle';

/** Age in whole years on a date (UTC calendar), from a `YYYY-MM-DD` birth date. */
export function ageOn(birthDate: string, on: Date = new Date()): number {
  const [ year, month, day ] = birthDate.split('-').map(Number) as [number, number, number];
  let age = on.getUTCFullYear() - year;
  if (on.getUTCMonth() + 1 < month || (on.getUTCMonth() + 1 === month && on.getUTCDate() < day)) {
    age -= 1;
  }
  return age;
}

/** The date of the 15th birthday, `YYYY-MM-DD`. */
export function fifteenthBirthday(birthDate: string): string {
  return `${Number(birthDate.slice(0, 4)) + 15}${birthDate.slice(4)}`;
}

const RULE = 'parents';

/**
 * Parents' default access to a pupil's `school/` (DESIGN §3, §7): while the pupil is under 15, one rule in
 * `school/.acl` grants Read to the pupil's parents group (server-owned, from the ENT directory; parents
 * count from their first sign-in), and a record in `consents/parents` explains it in the pupil's "who sees
 * what". Under 15 the rule is restored if it is missing (parental authority). At 15 the pupil is told (a
 * notification in their inbox) and the rule becomes theirs: it is never added again, and they may revoke it.
 */
export class EntParentalAccess {
  protected readonly logger = getLoggerFor(this);
  private readonly store: ResourceStore;
  private readonly aclStrategy: AuxiliaryIdentifierStrategy;
  private readonly handovers: KeyValueStorage<string, unknown>;

  /**
   * @param store - Reads and writes the pupil's ACL, consent record and inbox.
   * @param aclStrategy - Finds ACL identifiers.
   * @param handovers - Remembers the pupils told at 15.
   */
  public constructor(store: ResourceStore, aclStrategy: AuxiliaryIdentifierStrategy, handovers: KeyValueStorage<string, unknown>) {
    this.store = store;
    this.aclStrategy = aclStrategy;
    this.handovers = handovers;
  }

  /** Applies the rule for one pupil whose pod is `podUrl`; `parentsGroup` is the IRI of their parents group. */
  public async apply(podUrl: string, uid: string, birthDate: string, parentsGroup: string, now: Date = new Date()):
  Promise<'granted' | 'kept' | 'handed-over' | 'theirs'> {
    const acl = this.aclStrategy.getAuxiliaryIdentifier({ path: `${podUrl}school/` });
    const current = await this.read(acl.path);
    const hasRule = current.includes(`#${RULE}>`) || current.includes(`<#${RULE}>`);
    if (ageOn(birthDate, now) < 15) {
      if (!hasRule) {
        const rule = `\n# Parents see the school records of a pupil under 15 (until ${fifteenthBirthday(birthDate)}).\n` +
          `<#${RULE}> a <http://www.w3.org/ns/auth/acl#Authorization>;\n` +
          `    <http://www.w3.org/ns/auth/acl#agentGroup> ${turtleIri(parentsGroup)};\n` +
          '    <http://www.w3.org/ns/auth/acl#accessTo> <./>;\n    <http://www.w3.org/ns/auth/acl#default> <./>;\n' +
          '    <http://www.w3.org/ns/auth/acl#mode> <http://www.w3.org/ns/auth/acl#Read>.\n';
        await this.write(acl.path, `${current}${rule}`);
        await this.writeConsentRecord(podUrl, parentsGroup, birthDate);
        return 'granted';
      }
      return 'kept';
    }
    if (await this.handovers.has(uid)) {
      return 'theirs';
    }
    await this.notifyHandover(podUrl, hasRule);
    await this.handovers.set(uid, now.toISOString());
    return 'handed-over';
  }

  private async writeConsentRecord(podUrl: string, parentsGroup: string, birthDate: string): Promise<void> {
    const until = fifteenthBirthday(birthDate);
    const turtle = `${prefixLines('dct', 'rdfs')}@prefix dpv: <https://w3id.org/dpv#>.
@prefix acl: <http://www.w3.org/ns/auth/acl#>.

<#parents> a dpv:Consent;
    rdfs:label ${turtleString('Mes parents voient ma scolarité')}@fr, ${turtleString('My parents see my school records')}@en;
    dct:description ${turtleString(`Comme tu as moins de 15 ans, tes parents (responsables légaux, d'après l'ENT) peuvent lire ton dossier « Scolarité » (notes, bulletins, diplômes, devoirs) et ce que tu y ajoutes. À tes 15 ans (${until}), tu seras prévenu(e) et tu pourras garder ou retirer cet accès.`)}@fr,
        ${turtleString(`Because you are under 15, your parents (legal guardians, from the ENT) can read your "School records" folder (grades, report cards, diplomas, homework) and what you add there. On your 15th birthday (${until}) you will be told, and you can keep or remove this access.`)}@en;
    dpv:hasDataSubject <../profile/card#me>;
    dpv:hasRecipient ${turtleIri(parentsGroup)};
    dct:subject <../school/>;
    acl:mode acl:Read;
    dct:valid ${turtleString(`until ${until}`)}.
`;
    const document = { path: `${podUrl}consents/parents` };
    await this.store.setRepresentation(document, new BasicRepresentation(turtle, document, 'text/turtle'));
  }

  private async notifyHandover(podUrl: string, stillGranted: boolean): Promise<void> {
    const notice = {
      '@context': 'https://www.w3.org/ns/activitystreams',
      type: 'Announce',
      summary: stillGranted ?
        'Tu as 15 ans : l’accès de tes parents à ta scolarité est maintenant ton choix. Tu peux le garder ou le retirer dans « Qui voit quoi ».' :
        'Tu as 15 ans : l’accès de tes parents à ta scolarité ne dépend plus que de toi.',
      object: `${podUrl}consents/parents`,
      published: new Date().toISOString(),
    };
    const inbox = { path: `${podUrl}inbox/` };
    await this.store.addResource(inbox, new BasicRepresentation(JSON.stringify(notice), 'application/ld+json'));
  }

  private async read(path: string): Promise<string> {
    if (!await this.store.hasResource({ path })) {
      return '';
    }
    const representation = await this.store.getRepresentation({ path }, { type: { 'text/turtle': 1 }});
    return readableToString(representation.data);
  }

  private async write(path: string, turtle: string): Promise<void> {
    await this.store.setRepresentation({ path }, new BasicRepresentation(turtle, { path }, 'text/turtle'));
    this.logger.info(`Parents' access written in ${path}`);
  }
}
