// The demo school seeded on first start: everyone gets a login and a pod at an opaque name, once,
// and a broken seed file is reported with the file, entry and key to fix.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { AccountStore, KeyValueStorage, PasswordStore, PodStore, PodCreator } from '@solid/community-server';
import type { DemoPerson } from '../../../components/dist/init/DemoSchoolInitializer.js';
import { DemoSchoolInitializer, parseDemoSchool } from '../../../components/dist/init/DemoSchoolInitializer.js';
import { resolvePackagePath } from '../../../components/dist/util/PackagePath.js';

const FILE = '/seeds/school.json';

const TEACHER = {
  email: 't@demo.example', password: 'pw-t', podName: 't0a1', fullName: 'Anne Prof', role: 'teacher',
  school: 'Collège Test', schoolId: '0350000A',
};
const PUPIL = {
  email: 'p@demo.example', password: 'pw-p', podName: 'p0b2', fullName: 'Paul Élève', role: 'pupil',
  school: 'Collège Test', schoolId: '0350000A', className: '4e A',
};
const PARENT = { email: 'r@demo.example', password: 'pw-r', podName: 'r0c3', fullName: 'Rose Parent', role: 'parent' };

const seed = (persons: unknown[]): string => JSON.stringify({ persons });

/** Asserts that parsing `text` fails with exactly this message. */
function parseFails(text: string, message: string): void {
  assert.throws((): DemoPerson[] => parseDemoSchool(text, FILE), (error: unknown): boolean => {
    assert.ok(error instanceof Error);
    assert.equal(error.message, message);
    return true;
  });
}

describe('parseDemoSchool', (): void => {
  it('returns the persons of a valid file', (): void => {
    assert.deepEqual(parseDemoSchool(seed([ TEACHER, PUPIL, PARENT ]), FILE), [ TEACHER, PUPIL, PARENT ]);
  });

  it('names the file when it is not JSON', (): void => {
    assert.throws((): DemoPerson[] => parseDemoSchool('{ persons: [', FILE),
      /^Error: Demo school file \/seeds\/school\.json is not valid JSON: /u);
  });

  it('names the file and the key when persons is not a list', (): void => {
    parseFails('{}', 'Demo school file /seeds/school.json: key "persons" must be an array');
    parseFails('{"persons": {"a": 1}}', 'Demo school file /seeds/school.json: key "persons" must be an array');
  });

  it('names the entry and key of a missing or empty required value', (): void => {
    parseFails(seed([ TEACHER, { ...PUPIL, fullName: undefined } ]),
      'Demo school file /seeds/school.json: persons[1].fullName must be a non-empty string');
    parseFails(seed([ TEACHER, PUPIL, { ...PARENT, email: '' } ]),
      'Demo school file /seeds/school.json: persons[2].email must be a non-empty string');
    parseFails(seed([ { ...TEACHER, password: 42 } ]),
      'Demo school file /seeds/school.json: persons[0].password must be a non-empty string');
    parseFails(seed([ { ...TEACHER, role: undefined } ]),
      'Demo school file /seeds/school.json: persons[0].role must be a non-empty string');
  });

  it('refuses a pod name the server would refuse, with the reason', (): void => {
    assert.throws((): DemoPerson[] => parseDemoSchool(seed([ TEACHER, { ...PUPIL, podName: 'Paul Eleve' } ]), FILE),
      /^Error: Demo school file \/seeds\/school\.json: persons\[1\]\.podName: .*not URL-safe/u);
    assert.throws((): DemoPerson[] => parseDemoSchool(seed([ { ...TEACHER, podName: 'apps' } ]), FILE),
      /^Error: Demo school file \/seeds\/school\.json: persons\[0\]\.podName: .*reserved/u);
  });

  it('names the file and entry when the file or an entry is null', (): void => {
    parseFails('null', 'Demo school file /seeds/school.json: expected a JSON object with a "persons" array');
    assert.throws((): DemoPerson[] => parseDemoSchool(seed([ TEACHER, null ]), FILE),
      /Demo school file \/seeds\/school\.json: persons\[1\]/u);
  });
});

describe('the demo school seed file', (): void => {
  const file = resolvePackagePath('pod-config/demo/school.json');
  const persons = parseDemoSchool(readFileSync(file, 'utf8'), file);
  const withRole = (role: string): DemoPerson[] => persons.filter((person): boolean => person.role === role);

  it('has a teacher, a parent, and at least six pupils in two classes', (): void => {
    assert.ok(withRole('teacher').length >= 1);
    assert.ok(withRole('parent').length >= 1);
    const pupils = withRole('pupil');
    assert.ok(pupils.length >= 6, `${pupils.length} pupils`);
    assert.ok(pupils.every((pupil): boolean => typeof pupil.className === 'string' && pupil.className.length > 0));
    assert.ok(new Set(pupils.map((pupil): string | undefined => pupil.className)).size >= 2);
  });

  it('gives everyone their own e-mail and pod name', (): void => {
    assert.equal(new Set(persons.map((person): string => person.email)).size, persons.length);
    assert.equal(new Set(persons.map((person): string => person.podName)).size, persons.length);
  });

  it('uses opaque pod names that contain no part of the person\'s name', (): void => {
    for (const person of persons) {
      const parts = person.fullName.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^a-z]+/u)
        .filter((part): boolean => part.length >= 3);
      assert.ok(parts.length > 0, person.fullName);
      for (const part of parts) {
        assert.ok(!person.podName.includes(part), `${person.podName} contains "${part}" from ${person.fullName}`);
      }
      assert.ok(!person.podName.includes(person.email.split(/[.@]/u)[0]), person.podName);
    }
  });
});

/** In-memory stand-ins for the CSS stores the initializer uses, recording what it did. */
class FakeServer {
  public readonly accounts: string[] = [];
  public readonly logins = new Map<string, { id: string; accountId: string; password: string; verified: boolean }>();
  public readonly pods: { accountId: string; name?: string; settings?: Record<string, unknown> }[] = [];
  public readonly setup = new Map<string, unknown>();
  /** Pod names whose creation fails. */
  public readonly failing = new Set<string>();

  public readonly accountStore = {
    create: async(): Promise<string> => {
      const id = `account-${this.accounts.length + 1}`;
      this.accounts.push(id);
      return id;
    },
  } as unknown as AccountStore;

  public readonly passwordStore = {
    findByEmail: async(email: string): Promise<{ accountId: string; id: string } | undefined> => {
      const login = this.logins.get(email);
      return login && { accountId: login.accountId, id: login.id };
    },
    create: async(email: string, accountId: string, password: string): Promise<string> => {
      const id = `login-${this.logins.size + 1}`;
      this.logins.set(email, { id, accountId, password, verified: false });
      return id;
    },
    confirmVerification: async(id: string): Promise<void> => {
      const login = [ ...this.logins.values() ].find((candidate): boolean => candidate.id === id);
      assert.ok(login, `unknown login ${id}`);
      login.verified = true;
    },
  } as unknown as PasswordStore;

  public readonly podCreator = {
    handleSafe: async(input: { accountId: string; name?: string; settings?: Record<string, unknown> }):
    Promise<{ podUrl: string }> => {
      if (input.name && this.failing.has(input.name)) {
        throw new Error(`disk full while creating ${input.name}`);
      }
      this.pods.push(input);
      return { podUrl: `http://localhost:3000/${input.name}/` };
    },
  } as unknown as PodCreator;

  public readonly setupStorage = {
    has: async(key: string): Promise<boolean> => this.setup.has(key),
    get: async(key: string): Promise<unknown> => this.setup.get(key),
    set: async(key: string, value: unknown): Promise<unknown> => this.setup.set(key, value),
    delete: async(key: string): Promise<boolean> => this.setup.delete(key),
  } as unknown as KeyValueStorage<string, unknown>;

  public readonly podStore = {
    findPods: async(accountId: string): Promise<{ id: string; baseUrl: string }[]> => this.pods
      .filter((pod): boolean => pod.accountId === accountId)
      .map((pod): { id: string; baseUrl: string } => ({ id: pod.name ?? '', baseUrl: `http://localhost:3000/${pod.name}/` })),
  } as unknown as PodStore;

  public initializer(seedFile: string): DemoSchoolInitializer {
    return new DemoSchoolInitializer(seedFile, this.accountStore, this.passwordStore, this.podCreator, this.setupStorage,
      this.podStore);
  }

  public podNames(): (string | undefined)[] {
    return this.pods.map((pod): string | undefined => pod.name);
  }
}

describe('DemoSchoolInitializer', (): void => {
  let folder: string;
  let seedFile: string;
  let server: FakeServer;

  before((): void => {
    folder = mkdtempSync(join(tmpdir(), 'cartable-demo-'));
    seedFile = join(folder, 'school.json');
    writeFileSync(seedFile, seed([ TEACHER, PUPIL, PARENT ]));
  });
  after((): void => {
    rmSync(folder, { recursive: true, force: true });
  });
  beforeEach((): void => {
    server = new FakeServer();
  });

  it('gives every person a verified password login and a pod at their opaque name', async(): Promise<void> => {
    await server.initializer(seedFile).handleSafe();
    assert.equal(server.accounts.length, 3);
    assert.deepEqual([ ...server.logins.keys() ], [ TEACHER.email, PUPIL.email, PARENT.email ]);
    for (const person of [ TEACHER, PUPIL, PARENT ]) {
      const login = server.logins.get(person.email)!;
      assert.equal(login.password, person.password);
      assert.equal(login.verified, true, `${person.email} can sign in without a confirmation mail`);
      const pod = server.pods.find((candidate): boolean => candidate.name === person.podName);
      assert.ok(pod, `pod for ${person.email}`);
      assert.equal(pod.accountId, login.accountId, 'the pod belongs to the person\'s own account');
    }
    assert.deepEqual(server.podNames(), [ 't0a1', 'p0b2', 'r0c3' ]);
  });

  it('passes name, role, school and class to the pod generator', async(): Promise<void> => {
    await server.initializer(seedFile).handleSafe();
    const pupil = server.pods.find((pod): boolean => pod.name === PUPIL.podName)!;
    assert.deepEqual(pupil.settings, {
      fullName: 'Paul Élève', role: 'pupil', school: 'Collège Test', schoolId: '0350000A', className: '4e A',
    });
    const parent = server.pods.find((pod): boolean => pod.name === PARENT.podName)!;
    assert.equal(parent.settings?.fullName, 'Rose Parent');
    assert.equal(parent.settings?.role, 'parent');
    assert.equal(parent.settings?.className, undefined);
  });

  it('remembers that seeding is done, and does nothing on the next start', async(): Promise<void> => {
    await server.initializer(seedFile).handleSafe();
    assert.equal(server.setup.size, 1);
    await server.initializer(seedFile).handleSafe();
    assert.equal(server.accounts.length, 3);
    assert.equal(server.pods.length, 3);
  });

  it('skips persons whose e-mail already has a login and a pod', async(): Promise<void> => {
    await server.passwordStore.create(PUPIL.email, 'existing-account', 'their own password');
    server.pods.push({ accountId: 'existing-account', name: 'their-own-pod' });
    await server.initializer(seedFile).handleSafe();
    server.pods.shift();
    assert.deepEqual(server.podNames(), [ 't0a1', 'r0c3' ]);
    assert.equal(server.logins.get(PUPIL.email)?.password, 'their own password');
    assert.equal(server.setup.size, 1, 'everyone exists, so seeding is done');
  });

  it('goes on after a failure, and tries again on the next start', async(): Promise<void> => {
    server.failing.add(PUPIL.podName);
    await server.initializer(seedFile).handleSafe();
    assert.deepEqual(server.podNames(), [ 't0a1', 'r0c3' ]);
    assert.equal(server.setup.size, 0, 'not marked as done');

    server.failing.clear();
    await server.initializer(seedFile).handleSafe();
    assert.equal(server.logins.size, 3, 'no one gets a second login');
    assert.equal(new Set(server.podNames()).size, server.pods.length, 'no one gets a second pod');
  });

  it('gives a pod on the next start to a person whose pod could not be created', async(): Promise<void> => {
    server.failing.add(PUPIL.podName);
    await server.initializer(seedFile).handleSafe();
    server.failing.clear();
    await server.initializer(seedFile).handleSafe();
    assert.ok(server.podNames().includes(PUPIL.podName), `pods: ${server.podNames().join(', ')}`);
  });

  it('does nothing when no seed file is configured', async(): Promise<void> => {
    await server.initializer('').handleSafe();
    assert.equal(server.accounts.length, 0);
    assert.equal(server.pods.length, 0);
    assert.equal(server.setup.size, 0);
  });

  it('stops at a broken seed file before creating anyone, naming the file', async(): Promise<void> => {
    const broken = join(folder, 'broken.json');
    writeFileSync(broken, seed([ TEACHER, { ...PUPIL, podName: 'Paul' } ]));
    await assert.rejects(server.initializer(broken).handleSafe(),
      (error: Error): boolean => error.message.includes(broken) && error.message.includes('persons[1].podName'));
    assert.equal(server.accounts.length, 0);
    assert.equal(server.setup.size, 0);
  });
});
