import type { ClassGroupWriter } from '../groups/ClassGroupWriter';
import type { ClassGroupMember } from '../groups/ClassGroupDocuments';
import { getLoggerFor } from '@solid/community-server';
import { displayGroupName, isClassGroup } from './EntContacts';
import type { EntAccountProvisioner } from './EntAccountProvisioner';
import type { EntLoginStore } from './EntLoginStore';
import type { EntOidcClient } from './EntOidcClient';
import { EntUnavailableHttpError } from './EntOidcClient';
import type { EntParentalAccess } from './EntParentalAccess';
import type { EntPersonIndex } from './EntPersonIndex';

/** One record of the institutional export (NDJSON, one per line). */
interface ExportRecord {
  type?: string;
  uai?: string;
  name?: string;
  gid?: string;
  members?: unknown;
  teachers?: unknown;
  uid?: string;
  role?: string;
  birthdate?: string;
  parents?: unknown;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.length > 0) : [];

/** What a school sync did. */
export interface SchoolSyncReport {
  groups: number;
  persons: number;
  parentGrants: number;
  handovers: number;
  skipped: number;
}

/**
 * The institutional directory source: the ENT's export of a school (what an académie can feed a server
 * with), read with Cartable's own client-credentials token. It rewrites the school's class and option
 * groups with their full membership (people who left are removed), the whole-school community group, and
 * one parents group per pupil; then applies parents' default access to the school records of pupils under
 * 15 who have a cartable ({@link EntParentalAccess}). Records with missing fields are skipped with a warning.
 *
 * Runs after the ENT sign-ins of a school (at most once per `minIntervalSeconds`), and on demand.
 */
export class EntInstitutionalSync {
  protected readonly logger = getLoggerFor(this);
  private readonly client: EntOidcClient;
  private readonly people: EntPersonIndex;
  private readonly loginStore: EntLoginStore;
  private readonly provisioner: EntAccountProvisioner;
  private readonly groups: ClassGroupWriter;
  private readonly parental: EntParentalAccess;
  private readonly apiBase: string;
  private readonly scope: string;
  private readonly minIntervalMs: number;
  private readonly running = new Map<string, Promise<SchoolSyncReport>>();
  /** The last export read per school (a few schools at most: entries older than the interval are dropped). */
  private readonly exports = new Map<string, { at: number; persons: ExportRecord[] }>();
  private token?: { accessToken: string; expiresAt?: number };

  /**
   * @param client - The ENT's OpenID client (client credentials, issuer).
   * @param people - ENT person ↔ WebID.
   * @param loginStore - Tells who has an account.
   * @param provisioner - Finds a person's pod.
   * @param groups - Writes the group documents.
   * @param parental - Applies parents' access.
   * @param apiBase - Base URL of the ENT's APIs; empty for the issuer.
   * @param scope - Scope of the export token.
   * @param minIntervalSeconds - Shortest time between two automatic syncs of one school.
   */
  public constructor(client: EntOidcClient, people: EntPersonIndex, loginStore: EntLoginStore,
    provisioner: EntAccountProvisioner, groups: ClassGroupWriter, parental: EntParentalAccess, apiBase = '',
    scope = 'annuaire', minIntervalSeconds = 60) {
    this.client = client;
    this.people = people;
    this.loginStore = loginStore;
    this.provisioner = provisioner;
    this.groups = groups;
    this.parental = parental;
    this.apiBase = apiBase;
    this.scope = scope;
    this.minIntervalMs = minIntervalSeconds * 1000;
  }

  /**
   * After a sign-in: syncs the person's school if its export is older than `minIntervalSeconds`, otherwise
   * applies the export already read to this person only (their parents group and parents' access).
   * Errors are logged, never thrown: a sign-in must not fail because of the directory.
   */
  public async requestPerson(uai: string, uid: string): Promise<void> {
    try {
      const cached = this.exports.get(uai);
      if (!cached || Date.now() - cached.at > this.minIntervalMs) {
        await this.syncSchool(uai);
        return;
      }
      const pupil = cached.persons.find((person): boolean => person.uid === uid);
      if (pupil) {
        await this.applyParents(uai, pupil, await this.membersLookup(), { groups: 0, persons: 0, parentGrants: 0, handovers: 0, skipped: 0 });
      }
    } catch (error: unknown) {
      this.logger.warn(`Institutional sync for ${uai} failed: ${(error as Error).message}`);
    }
  }

  /** Syncs one school from the export now (one run at a time per school). */
  public async syncSchool(uai: string): Promise<SchoolSyncReport> {
    const existing = this.running.get(uai);
    if (existing) {
      return existing;
    }
    const run = this.run(uai).finally((): void => {
      this.running.delete(uai);
    });
    this.running.set(uai, run);
    return run;
  }

  private async run(uai: string): Promise<SchoolSyncReport> {
    const records = await this.fetchExport(uai);
    const report: SchoolSyncReport = { groups: 0, persons: 0, parentGrants: 0, handovers: 0, skipped: 0 };
    let schoolName = uai;
    const persons: ExportRecord[] = [];
    const groupRecords: ExportRecord[] = [];
    for (const record of records) {
      if (record.type === 'structure' && typeof record.name === 'string') {
        schoolName = record.name;
      } else if (record.type === 'group') {
        groupRecords.push(record);
      } else if (record.type === 'person' && typeof record.uid === 'string' && record.uid) {
        persons.push(record);
      } else {
        report.skipped += 1;
      }
    }
    for (const [ key, value ] of this.exports) {
      if (Date.now() - value.at > this.minIntervalMs) {
        this.exports.delete(key);
      }
    }
    this.exports.set(uai, { at: Date.now(), persons });
    const membersOf = await this.membersLookup();

    for (const group of groupRecords) {
      if (typeof group.gid !== 'string' || typeof group.name !== 'string') {
        report.skipped += 1;
        continue;
      }
      await this.groups.write({
        structureId: uai,
        groupId: group.gid,
        kind: isClassGroup(group.gid) ? 'SchoolClass' : 'OptionGroup',
        name: displayGroupName(group.name),
        members: await membersOf([ ...strings(group.members), ...strings(group.teachers) ]),
      });
      report.groups += 1;
    }
    await this.groups.write({
      structureId: uai, groupId: 'school', kind: 'SchoolCommunity', name: `Communauté – ${schoolName}`,
      members: await membersOf(persons.map((person): string => person.uid!)),
    });
    report.persons = persons.length;

    for (const pupil of persons) {
      await this.applyParents(uai, pupil, membersOf, report);
    }
    this.logger.info(`Institutional sync of ${uai}: ${report.groups} groups, ${report.persons} persons, ` +
      `${report.parentGrants} parents' grants, ${report.handovers} hand-overs at 15, ${report.skipped} skipped`);
    return report;
  }

  /** Looks people up by ENT identifier: by WebID once they have an account, else by identifier. */
  private async membersLookup(): Promise<(uids: string[]) => Promise<ClassGroupMember[]>> {
    const cache = new Map<string, ClassGroupMember[]>();
    const member = async(uid: string): Promise<ClassGroupMember[]> => {
      let found = cache.get(uid);
      if (!found) {
        const webIds = await this.people.webIdsOf(uid);
        found = webIds.length > 0 ? webIds.map((webId): ClassGroupMember => ({ webId })) : [{ entUid: uid }];
        cache.set(uid, found);
      }
      return found;
    };
    return async(uids: string[]): Promise<ClassGroupMember[]> => (await Promise.all([ ...new Set(uids) ].map(member))).flat();
  }

  /** A pupil's parents group, and parents' access to their school records if they have a cartable. */
  private async applyParents(uai: string, pupil: ExportRecord, membersOf: (uids: string[]) => Promise<ClassGroupMember[]>,
    report: SchoolSyncReport): Promise<void> {
    const parents = strings(pupil.parents);
    if (parents.length === 0 || typeof pupil.uid !== 'string') {
      return;
    }
    const groupId = `parents-${pupil.uid.replace(/[^A-Za-z0-9_-]/gu, '_')}`;
    const parentsGroup = await this.groups.write({
      structureId: uai, groupId, kind: 'ParentsGroup', name: 'Parents', members: await membersOf(parents),
    });
    const login = await this.loginStore.findByUid(pupil.uid);
    const pod = login && await this.provisioner.podOf(login.accountId);
    if (!pod || typeof pupil.birthdate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/u.test(pupil.birthdate)) {
      return;
    }
    const outcome = await this.parental.apply(pod, pupil.uid, pupil.birthdate, parentsGroup);
    report.parentGrants += outcome === 'granted' ? 1 : 0;
    report.handovers += outcome === 'handed-over' ? 1 : 0;
  }

  private async fetchExport(uai: string): Promise<ExportRecord[]> {
    if (!this.token || (this.token.expiresAt ?? 0) < Date.now() + 30_000) {
      this.token = await this.client.clientCredentials(this.scope);
    }
    const base = (this.apiBase || this.client.issuer).replace(/\/+$/u, '');
    let response: Response;
    try {
      response = await fetch(`${base}/api/v1/export/structures/${encodeURIComponent(uai)}`, {
        headers: { authorization: `Bearer ${this.token.accessToken}`, accept: 'application/x-ndjson' },
        redirect: 'error',
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error: unknown) {
      throw new EntUnavailableHttpError(`The ENT directory export cannot be reached: ${(error as Error).message}`);
    }
    if (!response.ok) {
      throw new EntUnavailableHttpError(`The ENT directory export answered ${response.status} for ${uai}`);
    }
    const records: ExportRecord[] = [];
    for (const [ index, line ] of (await response.text()).split('\n').entries()) {
      if (!line.trim()) {
        continue;
      }
      try {
        records.push(JSON.parse(line) as ExportRecord);
      } catch {
        this.logger.warn(`Directory export of ${uai}: line ${index + 1} is not JSON, skipped`);
      }
    }
    return records;
  }
}
