/**
 * The ENT contacts API response (shared/ent-api.md §3), checked: entries with missing fields are skipped
 * with a reason, the rest kept. Pure functions, no I/O.
 */

export interface EntContact {
  uuid: string;
  firstname?: string;
  lastname?: string;
  title?: string;
  mail?: string;
}

export interface EntGroup {
  gid: string;
  name: string;
  members: string[];
}

export interface EntStructure {
  id: string;
  name: string;
  groups: EntGroup[];
}

export interface EntDirectoryView {
  structures: EntStructure[];
  contacts: EntContact[];
  /** What was skipped and why, for the logs. */
  skipped: string[];
}

const text = (value: unknown): string | undefined => typeof value === 'string' && value.trim() ? value.trim() : undefined;

/** Reads a contacts API body (or `null` for a 204 / "no data"). */
export function readEntDirectory(body: unknown): EntDirectoryView {
  const view: EntDirectoryView = { structures: [], contacts: [], skipped: []};
  if (typeof body !== 'object' || body === null) {
    return view;
  }
  const { structures, contacts } = body as { structures?: unknown; contacts?: unknown };
  const seen = new Set<string>();
  for (const [ index, raw ] of (Array.isArray(contacts) ? contacts : []).entries()) {
    const contact = raw as Record<string, unknown> | null;
    const uuid = text(contact?.uuid);
    if (!uuid) {
      view.skipped.push(`contacts[${index}] has no uuid`);
      continue;
    }
    if (seen.has(uuid)) {
      continue;
    }
    seen.add(uuid);
    view.contacts.push({
      uuid, firstname: text(contact?.firstname), lastname: text(contact?.lastname), title: text(contact?.title),
      mail: text(contact?.mail),
    });
  }
  for (const [ index, raw ] of (Array.isArray(structures) ? structures : []).entries()) {
    const structure = raw as Record<string, unknown> | null;
    const id = text(structure?.structure);
    if (!id) {
      view.skipped.push(`structures[${index}] has no structure id`);
      continue;
    }
    const groups: EntGroup[] = [];
    const groupIds = new Set<string>();
    for (const [ groupIndex, rawGroup ] of (Array.isArray(structure?.groups) ? structure.groups as unknown[] : []).entries()) {
      const group = rawGroup as Record<string, unknown> | null;
      const gid = text(group?.gid);
      const name = text(group?.name);
      if (!gid || !name) {
        view.skipped.push(`structures[${index}].groups[${groupIndex}] has no gid or name`);
        continue;
      }
      if (groupIds.has(gid)) {
        continue;
      }
      groupIds.add(gid);
      const members = (Array.isArray(group?.group_contacts) ? group.group_contacts as unknown[] : [])
        .map((member): string | undefined => text((member as Record<string, unknown> | null)?.uuid))
        .filter((uuid): uuid is string => uuid !== undefined);
      groups.push({ gid, name, members: [ ...new Set(members) ]});
    }
    view.structures.push({ id, name: text(structure?.name) ?? id, groups });
  }
  return view;
}

/** Whether a group is a class (`4A`, `3B`, `2ND3`, `1G2`…) rather than an option or staff group. */
export function isClassGroup(gid: string): boolean {
  // Collège: a level 6 to 3 and one letter or digit (4A, 3B, 5EME2); lycée: 2ND3, 1G2, 1ERE4, TLE1, TG2.
  // Option groups carry a subject after the level (4LAT, 3ESP) and are not classes.
  return /^(?:[3-6](?:EME)?[A-Z0-9]|2(?:ND|NDE)?\d{1,2}|1(?:ERE)?[A-Z]?\d{1,2}|T(?:LE)?[A-Z]?\d{1,2})$/iu.test(gid);
}

/** A group's name without the school-year prefix the ENT adds (`2024-2025 4A` → `4A`). */
export function displayGroupName(name: string): string {
  return name.replace(/^\d{4}-\d{4}\s+/u, '');
}
