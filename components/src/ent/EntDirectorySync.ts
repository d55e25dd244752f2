import type { Quad } from '@rdfjs/types';
import type { AuxiliaryIdentifierStrategy, ResourceStore } from '@solid/community-server';
import { BasicRepresentation, getLoggerFor, INTERNAL_QUADS } from '@solid/community-server';
import { readGroupMembers } from '../groups/GroupMembers';
import type { ClassGroupWriter } from '../groups/ClassGroupWriter';
import type { ClassGroupMember } from '../groups/ClassGroupDocuments';
import { prefixLines, turtleIri, turtleString } from '../util/Turtle';
import { EntCatalogueTokens } from './EntCatalogueTokens';
import type { EntDirectoryView } from './EntContacts';
import { displayGroupName, isClassGroup, readEntDirectory } from './EntContacts';
import type { EntOidcClient } from './EntOidcClient';
import { EntUnavailableHttpError } from './EntOidcClient';
import type { EntPersonIndex } from './EntPersonIndex';
import type { EntTokenVault } from './EntTokenVault';

/** What a sync did. */
export interface DirectorySyncReport {
  groups: number;
  contacts: number;
  skipped: string[];
}

/** Where a person is at school, from the directory. */
export interface SchoolPlace {
  school?: string;
  schoolId?: string;
  className?: string;
}

const ROLE_LABELS: Record<string, string> = { ele: 'Élève', ens: 'Enseignant', edu: 'CPE', doc: 'Professeur documentaliste', tut: 'Parent' };

/**
 * The directory sync: from the ENT's contacts API (with the person's token), the server-owned class and
 * option group documents (members by WebID, or by ENT identifier until they have an account; a re-sync
 * replaces the member list, so members are added and removed) and the person's `contacts/ent-directory`
 * address book (classmates, teachers, their groups). Contacts the person added by hand live in other
 * documents and are never touched. Entries with missing fields are skipped with a warning.
 */
export class EntDirectorySync {
  protected readonly logger = getLoggerFor(this);
  private readonly tokens: EntCatalogueTokens;
  private readonly client: EntOidcClient;
  private readonly people: EntPersonIndex;
  private readonly groups: ClassGroupWriter;
  private readonly store: ResourceStore;
  private readonly aclStrategy: AuxiliaryIdentifierStrategy;
  private readonly apiBase: string;
  private readonly timeoutMs: number;
  private readonly communityQueues = new Map<string, Promise<unknown>>();

  /**
   * @param vault - The ENT tokens of each person.
   * @param client - The ENT's OpenID client (token refresh, issuer).
   * @param people - ENT person ↔ WebID.
   * @param groups - Writes the server-owned group documents.
   * @param store - Writes the person's address book.
   * @param aclStrategy - Finds the ACL of the person's about document.
   * @param apiBase - Base URL of the ENT's APIs; empty for the issuer.
   * @param timeoutMs - Timeout of the contacts call.
   */
  public constructor(vault: EntTokenVault, client: EntOidcClient, people: EntPersonIndex, groups: ClassGroupWriter,
    store: ResourceStore, aclStrategy: AuxiliaryIdentifierStrategy, apiBase = '', timeoutMs = 5000) {
    this.tokens = new EntCatalogueTokens(vault, client);
    this.client = client;
    this.people = people;
    this.groups = groups;
    this.store = store;
    this.aclStrategy = aclStrategy;
    this.apiBase = apiBase;
    this.timeoutMs = timeoutMs;
  }

  /** The person's view of the directory (their structures, groups and contacts). */
  public async fetchView(uid: string): Promise<EntDirectoryView> {
    const base = (this.apiBase || this.client.issuer).replace(/\/+$/u, '');
    const token = await this.tokens.accessToken(uid);
    let response: Response;
    try {
      response = await fetch(`${base}/contacts/${encodeURIComponent(uid)}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error: unknown) {
      throw new EntUnavailableHttpError(`The ENT contacts API cannot be reached: ${(error as Error).message}`, { cause: error });
    }
    if (response.status !== 200) {
      // The connector treats any other status as "no data" (shared/ent-api.md §3.1).
      this.logger.warn(`The ENT contacts API answered ${response.status} for a person; nothing to sync`);
      return readEntDirectory(null);
    }
    return readEntDirectory(await response.json());
  }

  /** The person's school and class, for their about document. */
  public schoolOf(view: EntDirectoryView, uid: string): SchoolPlace {
    for (const structure of view.structures) {
      const klass = structure.groups.find((group): boolean => isClassGroup(group.gid) && group.members.includes(uid));
      if (klass || structure.groups.some((group): boolean => group.members.includes(uid))) {
        return { school: structure.name, schoolId: structure.id, className: klass && displayGroupName(klass.name) };
      }
    }
    const [ first ] = view.structures;
    return first ? { school: first.name, schoolId: first.id } : {};
  }

  /** Syncs one person: their groups (server-owned) and their ENT address book in their pod. */
  public async syncPerson(uid: string, podUrl: string, view?: EntDirectoryView): Promise<DirectorySyncReport> {
    const directory = view ?? await this.fetchView(uid);
    const webIds = new Map<string, string[]>();
    const webIdsOf = async(member: string): Promise<string[]> => {
      let known = webIds.get(member);
      if (!known) {
        known = await this.people.webIdsOf(member);
        webIds.set(member, known);
      }
      return known;
    };
    const groupIris = new Map<string, string>();
    const skipped = [ ...directory.skipped ];
    for (const structure of directory.structures) {
      for (const group of structure.groups) {
        const members: ClassGroupMember[] = [];
        for (const member of group.members) {
          const known = await webIdsOf(member);
          members.push(...known.length > 0 ? known.map((webId): ClassGroupMember => ({ webId })) : [{ entUid: member }]);
        }
        try {
          groupIris.set(`${structure.id}/${group.gid}`, await this.groups.write({
            structureId: structure.id,
            groupId: group.gid,
            kind: isClassGroup(group.gid) ? 'SchoolClass' : 'OptionGroup',
            name: displayGroupName(group.name),
            members,
          }));
        } catch (error: unknown) {
          skipped.push(`group ${structure.id}/${group.gid}: ${(error as Error).message}`);
        }
      }
    }
    for (const contact of directory.contacts) {
      await webIdsOf(contact.uuid);
    }
    await this.writeAddressBook(podUrl, uid, directory, webIds, groupIris);
    const place = this.schoolOf(directory, uid);
    const ownWebIds = await webIdsOf(uid);
    if (place.schoolId && ownWebIds.length > 0) {
      try {
        const community = await this.joinSchoolCommunity(place.schoolId, place.school ?? place.schoolId, ownWebIds);
        await this.openAboutToSchool(podUrl, ownWebIds, community);
      } catch (error: unknown) {
        skipped.push(`school community ${place.schoolId}: ${(error as Error).message}`);
      }
    }
    for (const reason of skipped) {
      this.logger.warn(`Directory sync skipped ${reason}`);
    }
    return { groups: groupIris.size, contacts: directory.contacts.filter((contact): boolean => contact.uuid !== uid).length, skipped };
  }

  /**
   * Adds the person to their school's community group (`groups/<school>/school`): every signed-in member
   * of the school, built up as people sign in (the per-person directory view does not list the whole
   * school; an institutional export can). Updates of one school are serialised in-process.
   */
  private async joinSchoolCommunity(schoolId: string, schoolName: string, webIds: string[]): Promise<string> {
    const key = schoolId;
    const previous = this.communityQueues.get(key) ?? Promise.resolve();
    const task = async(): Promise<string> => {
      const document = this.groups.documentUrl(schoolId, 'school');
      const existing = await this.readMembers(document);
      const merged = new Set([ ...existing, ...webIds ]);
      return this.groups.write({
        structureId: schoolId,
        groupId: 'school',
        kind: 'SchoolCommunity',
        name: `Communauté – ${schoolName}`,
        members: [ ...merged ].map((webId): { webId: string } => ({ webId })),
      });
    };
    const next = previous.then(task, task);
    const settled = next.catch((): void => undefined);
    this.communityQueues.set(key, settled);
    void settled.then((): void => {
      if (this.communityQueues.get(key) === settled) {
        this.communityQueues.delete(key);
      }
    });
    return next;
  }

  /** The WebID members of a group document, none when it does not exist yet. */
  private async readMembers(document: string): Promise<string[]> {
    if (!await this.store.hasResource({ path: document })) {
      return [];
    }
    const representation = await this.store.getRepresentation({ path: document }, { type: { [INTERNAL_QUADS]: 1 }});
    const quads: Quad[] = [];
    await new Promise<void>((resolve, reject): void => {
      representation.data.on('data', (quad: Quad): number => quads.push(quad));
      representation.data.on('end', resolve);
      representation.data.on('error', reject);
    });
    return [ ...readGroupMembers(quads, false).values() ].flatMap((group): string[] => [ ...group.webIds ]);
  }

  /**
   * The person's name, school and class (`profile/about`) become readable by the signed-in members of their
   * school (DESIGN §7), through one rule naming the school community group. Written once: a person who
   * changes that rule keeps their choice.
   */
  private async openAboutToSchool(podUrl: string, ownWebIds: string[], community: string): Promise<void> {
    const acl = this.aclStrategy.getAuxiliaryIdentifier({ path: `${podUrl}profile/about` });
    if (await this.store.hasResource(acl)) {
      return;
    }
    const owners = ownWebIds.map(turtleIri).join(', ');
    const turtle = `${prefixLines('acl')}
<#owner> a acl:Authorization;
    acl:agent ${owners};
    acl:accessTo <about>;
    acl:mode acl:Read, acl:Write, acl:Control.

# The signed-in members of the school see who this is (name, school, class), nobody else.
<#school> a acl:Authorization;
    acl:agentGroup ${turtleIri(community)};
    acl:accessTo <about>;
    acl:mode acl:Read.
`;
    await this.store.setRepresentation(acl, new BasicRepresentation(turtle, acl, 'text/turtle'));
  }

  private async writeAddressBook(podUrl: string, uid: string, directory: EntDirectoryView,
    webIds: Map<string, string[]>, groupIris: Map<string, string>): Promise<void> {
    const id = (value: string): string => value.replace(/[^A-Za-z0-9_-]/gu, '_');
    const lines: string[] = [
      prefixLines('cartable', 'dct', 'rdfs', 'vcard'),
      `# Written by Cartable from the school ENT's directory at each sign-in. Your own contacts go in other`,
      '# documents of contacts/; they are never changed by this.',
      `<> a vcard:AddressBook;\n    dct:title ${turtleString('Annuaire de l’établissement')};\n` +
      `    dct:source ${turtleIri(this.client.issuer)};\n    dct:modified ${turtleString(new Date().toISOString())}.\n`,
    ];
    for (const contact of directory.contacts) {
      if (contact.uuid === uid) {
        continue;
      }
      const facts = [
        'a vcard:Individual',
        `vcard:fn ${turtleString([ contact.firstname, contact.lastname ].filter(Boolean).join(' ') || contact.uuid)}`,
        `cartable:entPersonUid ${turtleString(contact.uuid)}`,
      ];
      if (contact.title) {
        facts.push(`vcard:role ${turtleString(ROLE_LABELS[contact.title.toLowerCase()] ?? contact.title)}`);
      }
      for (const webId of webIds.get(contact.uuid) ?? []) {
        facts.push(`vcard:url ${turtleIri(webId)}`);
      }
      lines.push(`<#p-${id(contact.uuid)}>\n    ${facts.join(';\n    ')}.\n`);
    }
    for (const structure of directory.structures) {
      for (const group of structure.groups) {
        const iri = groupIris.get(`${structure.id}/${group.gid}`);
        const members = group.members.filter((member): boolean => member !== uid)
          .map((member): string => `<#p-${id(member)}>`);
        const facts = [
          'a vcard:Group',
          `vcard:fn ${turtleString(`${displayGroupName(group.name)} – ${structure.name}`)}`,
          ...members.length > 0 ? [ `vcard:hasMember ${members.join(', ')}` ] : [],
          ...iri ? [ `rdfs:seeAlso ${turtleIri(iri)}` ] : [],
        ];
        lines.push(`<#g-${id(structure.id)}-${id(group.gid)}>\n    ${facts.join(';\n    ')}.\n`);
      }
    }
    const document = { path: `${podUrl}contacts/ent-directory` };
    await this.store.setRepresentation(document, new BasicRepresentation(lines.join('\n'), document, 'text/turtle'));
  }
}
