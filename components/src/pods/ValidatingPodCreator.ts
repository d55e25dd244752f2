import type { IdentifierGenerator, PodCreatorInput, PodCreatorOutput, ResourceStore } from '@solid/community-server';
import { BadRequestHttpError, ConflictHttpError, PodCreator } from '@solid/community-server';
import { podNameProblem } from './PodNamePolicy';

/**
 * Checks a requested pod name before CSS's own {@link PodCreator} runs: empty, too long, not URL-safe or
 * reserved names get a 400 with the reason, a name already in use a 409. Without it CSS would turn
 * `Élève Dupont` into `-l-ve-dupont` and answer a taken name only after linking the WebID.
 */
export class ValidatingPodCreator extends PodCreator {
  private readonly source: PodCreator;
  private readonly identifierGenerator: IdentifierGenerator;
  private readonly store: ResourceStore;

  /**
   * @param source - The pod creator doing the work.
   * @param identifierGenerator - Turns a name into the pod's base identifier.
   * @param store - Used to tell whether the name is taken.
   */
  public constructor(source: PodCreator, identifierGenerator: IdentifierGenerator, store: ResourceStore) {
    super();
    this.source = source;
    this.identifierGenerator = identifierGenerator;
    this.store = store;
  }

  public override async canHandle(input: PodCreatorInput): Promise<void> {
    await this.source.canHandle(input);
  }

  public override async handle(input: PodCreatorInput): Promise<PodCreatorOutput> {
    if (input.name !== undefined) {
      const problem = podNameProblem(input.name);
      if (problem) {
        throw new BadRequestHttpError(problem);
      }
      const base = this.identifierGenerator.generate(input.name);
      if (await this.store.hasResource(base)) {
        throw new ConflictHttpError(`Pod name ${JSON.stringify(input.name)} is already taken; choose another one.`);
      }
    }
    return this.source.handle(input);
  }
}
