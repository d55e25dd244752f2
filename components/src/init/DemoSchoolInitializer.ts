import { readFile } from 'node:fs/promises';
import type { AccountStore, KeyValueStorage, PasswordStore, PodCreator, PodStore } from '@solid/community-server';
import { getLoggerFor, Initializer } from '@solid/community-server';
import { resolvePackagePath } from '../util/PackagePath';
import { podNameProblem } from '../pods/PodNamePolicy';

/** One person of the demo school, as listed in the seed file. */
export interface DemoPerson {
  email: string;
  password: string;
  podName: string;
  fullName: string;
  role: string;
  school?: string;
  schoolId?: string;
  className?: string;
  /** The same person's ENT identifier, to link this account at their first ENT sign-in. */
  entUid?: string;
}

/** Parses and checks a demo school seed file; errors name the file and the offending entry and key. */
export function parseDemoSchool(text: string, file: string): DemoPerson[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error: unknown) {
    throw new Error(`Demo school file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(`Demo school file ${file}: expected a JSON object with a "persons" array`);
  }
  const persons = (data as { persons?: unknown }).persons;
  if (!Array.isArray(persons)) {
    throw new Error(`Demo school file ${file}: key "persons" must be an array`);
  }
  return persons.map((entry: unknown, index): DemoPerson => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new Error(`Demo school file ${file}: persons[${index}] must be an object`);
    }
    const person = entry as Record<string, unknown>;
    for (const key of [ 'email', 'password', 'podName', 'fullName', 'role' ]) {
      if (typeof person[key] !== 'string' || (person[key]).length === 0) {
        throw new Error(`Demo school file ${file}: persons[${index}].${key} must be a non-empty string`);
      }
    }
    const problem = podNameProblem(person.podName);
    if (problem) {
      throw new Error(`Demo school file ${file}: persons[${index}].podName: ${problem}`);
    }
    return person as unknown as DemoPerson;
  });
}

/**
 * Seeds the demo school (teachers, pupils in classes, a parent) on first start, each with a password
 * login and a pod in the Cartable layout. Idempotent: persons whose e-mail already has a login are
 * skipped, and once everyone exists a marker in the setup storage stops further work. Pod names are the
 * opaque names of the seed file, never the persons' names.
 */
export class DemoSchoolInitializer extends Initializer {
  protected readonly logger = getLoggerFor(this);
  private readonly seedFile: string;
  private readonly accountStore: AccountStore;
  private readonly passwordStore: PasswordStore;
  private readonly podCreator: PodCreator;
  private readonly setupStorage: KeyValueStorage<string, unknown>;
  private readonly podStore: PodStore;
  private readonly storageKey = 'cartableDemoSchoolSeeded';

  /**
   * @param seedFile - JSON seed file (relative to the package root); empty string disables seeding.
   * @param accountStore - Creates accounts.
   * @param passwordStore - Creates password logins.
   * @param podCreator - Creates pods (Cartable's validating creator).
   * @param setupStorage - Remembers that seeding is complete.
   * @param podStore - Tells whether a person seeded earlier already has a pod.
   */
  public constructor(seedFile: string, accountStore: AccountStore, passwordStore: PasswordStore,
    podCreator: PodCreator, setupStorage: KeyValueStorage<string, unknown>, podStore: PodStore) {
    super();
    this.seedFile = seedFile;
    this.accountStore = accountStore;
    this.passwordStore = passwordStore;
    this.podCreator = podCreator;
    this.setupStorage = setupStorage;
    this.podStore = podStore;
  }

  public override async handle(): Promise<void> {
    if (!this.seedFile || await this.setupStorage.has(this.storageKey)) {
      return;
    }
    const file = resolvePackagePath(this.seedFile);
    const persons = parseDemoSchool(await readFile(file, 'utf8'), file);
    let created = 0;
    let failed = 0;
    for (const person of persons) {
      try {
        // CSS refuses pods on an account without a login, so the login comes first; a person whose pod
        // could not be made on an earlier start keeps their login and gets the pod now.
        const existing = await this.passwordStore.findByEmail(person.email);
        let accountId: string;
        if (existing) {
          accountId = existing.accountId;
          if ((await this.podStore.findPods(accountId)).length > 0) {
            continue;
          }
        } else {
          accountId = await this.accountStore.create();
          const loginId = await this.passwordStore.create(person.email, accountId, person.password);
          await this.passwordStore.confirmVerification(loginId);
        }
        await this.podCreator.handleSafe({
          accountId,
          name: person.podName,
          settings: {
            fullName: person.fullName,
            role: person.role,
            school: person.school,
            schoolId: person.schoolId,
            className: person.className,
          },
        });
        created += 1;
      } catch (error: unknown) {
        failed += 1;
        this.logger.error(`Could not seed demo person ${person.email}: ${(error as Error).message}`);
      }
    }
    if (failed === 0) {
      await this.setupStorage.set(this.storageKey, new Date().toISOString());
    }
    this.logger.info(`Demo school: ${created} persons created, ${failed} failed`);
  }
}
