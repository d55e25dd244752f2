import type { Resource, ResourceIdentifier, ResourcesGenerator } from '@solid/community-server';
import { BasicRepresentation, getLoggerFor, RepresentationMetadata } from '@solid/community-server';
import { DataFactory } from 'n3';
import { podAcls, podDocuments } from './PodDocuments';
import type { PodPerson } from './PodDocuments';
import { POD_AREAS, POD_DOCUMENTS } from './PodLayout';

const RDF_TYPE = DataFactory.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
const PIM_STORAGE = DataFactory.namedNode('http://www.w3.org/ns/pim/space#Storage');
const DCT_TITLE = DataFactory.namedNode('http://purl.org/dc/terms/title');

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : undefined;
}

/**
 * Generates the resources of a new Cartable pod (DESIGN §3): the area containers with their ACLs, the
 * minimal public WebID profile, the private about document, the preferences file and both type indexes.
 *
 * Replaces CSS's templated `PodResourcesGenerator`, so every pod creation path (account API, seeding, ENT
 * sign-up) gets the same layout. Person details come from the pod settings (`fullName`, `school`,
 * `schoolId`, `className`, `role`) and are written only to owner-only documents.
 */
export class CartablePodGenerator implements ResourcesGenerator {
  protected readonly logger = getLoggerFor(this);

  public async* generate(location: ResourceIdentifier, options: Record<string, unknown>): AsyncIterable<Resource> {
    const podUrl = location.path;
    const webId = optionalString(options.webId);
    if (!webId) {
      throw new Error(`Cannot generate pod ${podUrl} without an owner WebID`);
    }
    const person: PodPerson = {
      podUrl,
      webId,
      oidcIssuer: optionalString(options.oidcIssuer),
      fullName: optionalString(options.fullName),
      school: optionalString(options.school),
      schoolId: optionalString(options.schoolId),
      className: optionalString(options.className),
      role: optionalString(options.role),
    };

    const root = new RepresentationMetadata({ path: podUrl });
    root.add(RDF_TYPE, PIM_STORAGE);
    yield { identifier: { path: podUrl }, representation: new BasicRepresentation([], root) };

    const containers = [
      'profile/',
      ...POD_AREAS.map((area): string => area.path),
      POD_DOCUMENTS.portfolioDrafts,
      POD_DOCUMENTS.portfolioPublished,
    ];
    for (const path of containers) {
      const metadata = new RepresentationMetadata({ path: `${podUrl}${path}` });
      const area = POD_AREAS.find((candidate): boolean => candidate.path === path);
      if (area) {
        metadata.add(DCT_TITLE, DataFactory.literal(area.label.fr, 'fr'));
        metadata.add(DCT_TITLE, DataFactory.literal(area.label.en, 'en'));
      }
      yield { identifier: { path: `${podUrl}${path}` }, representation: new BasicRepresentation([], metadata) };
    }
    for (const { path, turtle } of [ ...podDocuments(person), ...podAcls(person) ]) {
      yield {
        identifier: { path: `${podUrl}${path}` },
        representation: new BasicRepresentation(turtle, { path: `${podUrl}${path}` }, 'text/turtle'),
      };
    }
    this.logger.debug(`Generated the Cartable layout for ${podUrl}`);
  }
}
