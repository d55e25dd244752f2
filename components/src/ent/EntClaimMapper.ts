/**
 * Turns the ENT's claims into what Cartable stores about a person (the private about document).
 *
 * Only `ENTPersonUid` is evidenced for the real Toutatice ENT (shared/ent-api.md §2.6); names, role,
 * school and birth date are not. Every claim name is therefore configuration (docs/ent.md lists the
 * assumptions to confirm on the partner platform); missing claims simply leave the value out.
 */
export class EntClaimMapper {
  private readonly givenNameClaim: string;
  private readonly familyNameClaim: string;
  private readonly roleClaim: string;
  private readonly schoolClaim: string;
  private readonly birthDateClaim: string;
  private readonly roles: Record<string, string>;

  /**
   * @param givenNameClaim - Claim with the given name.
   * @param familyNameClaim - Claim with the family name.
   * @param roleClaim - Claim with the role code (`ele`, `ens`, …) or a list of profiles.
   * @param schoolClaim - Claim with the school identifier (UAI).
   * @param birthDateClaim - Claim with the birth date (YYYY-MM-DD).
   * @param roles - Role code (lower case) to Cartable role (`pupil`, `teacher`, `parent`, `staff`), as JSON.
   */
  public constructor(givenNameClaim = 'given_name', familyNameClaim = 'family_name', roleClaim = 'title',
    schoolClaim = 'ENTPersonStructRattach', birthDateClaim = 'birthdate',
    roles = '{"ele":"pupil","eleve":"pupil","ens":"teacher","tut":"parent","parent":"parent","edu":"staff","doc":"staff","dir":"staff"}') {
    this.givenNameClaim = givenNameClaim;
    this.familyNameClaim = familyNameClaim;
    this.roleClaim = roleClaim;
    this.schoolClaim = schoolClaim;
    this.birthDateClaim = birthDateClaim;
    this.roles = JSON.parse(roles) as Record<string, string>;
  }

  /** Display name, if the ENT sends one. */
  public fullName(claims: Record<string, unknown>): string | undefined {
    const parts = [ claims[this.givenNameClaim], claims[this.familyNameClaim] ]
      .filter((part): part is string => typeof part === 'string' && part.trim().length > 0);
    if (parts.length > 0) {
      return parts.join(' ');
    }
    return typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : undefined;
  }

  /** Cartable role, if the ENT's role code is known. */
  public role(claims: Record<string, unknown>): string | undefined {
    const raw = claims[this.roleClaim];
    const codes = (Array.isArray(raw) ? raw : [ raw ]).filter((code): code is string => typeof code === 'string');
    for (const code of codes) {
      const role = this.roles[code.toLowerCase()];
      if (role) {
        return role;
      }
    }
    return undefined;
  }

  /** Birth date (YYYY-MM-DD), if sent and well-formed. */
  public birthDate(claims: Record<string, unknown>): string | undefined {
    const value = claims[this.birthDateClaim];
    return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/u.test(value) ? value : undefined;
  }

  /** Settings for the pod generator (see `CartablePodGenerator`). */
  public podSettings(claims: Record<string, unknown>): Record<string, string | undefined> {
    const school = claims[this.schoolClaim];
    return {
      fullName: this.fullName(claims),
      role: this.role(claims),
      schoolId: typeof school === 'string' ? school : Array.isArray(school) && typeof school[0] === 'string' ? school[0] : undefined,
    };
  }
}
