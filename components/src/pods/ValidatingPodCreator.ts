import type {
  IdentifierGenerator, PodCreatorInput, PodCreatorOutput, ResourceIdentifier, ResourceStore,
} from '@solid/community-server';
import { BadRequestHttpError, ConflictHttpError, PodCreator } from '@solid/community-server';
import { podNameProblem } from './PodNamePolicy';

/** Tells whether a pod name was retired (its pod moved away or was deleted): such names are never reused. */
export interface RetiredPodNameChecker {
  /** Whether the pod with this base identifier was retired. */
  isRetired: (base: ResourceIdentifier) => Promise<boolean>;
}

/**
 * Checks a requested pod name before CSS's own {@link PodCreator} runs: empty, too long, not URL-safe or
 * reserved names get a 400 with the reason, a name already in use a 409, and so does a retired name (its pod
 * moved away) when a retired-name checker is given. Without it CSS would turn `Élève Dupont` into
 * `-l-ve-dupont` and answer a taken name only after linking the WebID.
 */
export class ValidatingPodCreator extends PodCreator {
  private readonly source: PodCreator;
  private readonly identifierGenerator: IdentifierGenerator;
  private readonly store: ResourceStore;
  private readonly retiredNames?: RetiredPodNameChecker;

  /**
   * @param source - The pod creator doing the work.
   * @param identifierGenerator - Turns a name into the pod's base identifier.
   * @param store - Used to tell whether the name is taken.
   * @param retiredNames - Names of pods that moved away, never given to anyone else.
   */
  public constructor(source: PodCreator, identifierGenerator: IdentifierGenerator, store: ResourceStore,
    retiredNames?: RetiredPodNameChecker) {
    super();
    this.source = source;
    this.identifierGenerator = identifierGenerator;
    this.store = store;
    this.retiredNames = retiredNames;
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
      if (await this.retiredNames?.isRetired(base)) {
        throw new ConflictHttpError(`Pod name ${JSON.stringify(input.name)} belonged to a pod that moved away and is ` +
          'never given to anyone else; choose another one.');
      }
      if (await this.store.hasResource(base)) {
        throw new ConflictHttpError(`Pod name ${JSON.stringify(input.name)} is already taken; choose another one.`);
      }
    }
    return this.source.handle(input);
  }
}
