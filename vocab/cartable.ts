// Generated from vocab/cartable.ttl by vocab/build.mjs. Do not edit; run `npm run build`.
/** The Cartable vocabulary (https://w3id.org/cartable/ns#). */
export const CARTABLE = {
  namespace: 'https://w3id.org/cartable/ns#',
  /** A person's opaque ENT identifier (ENTPersonUid), for members who have no account yet. */
  entPersonUid: 'https://w3id.org/cartable/ns#entPersonUid',
  /** A group of pupils following an option or a speciality (Latin, second language, speciality). */
  OptionGroup: 'https://w3id.org/cartable/ns#OptionGroup',
  /** The parents (legal guardians) of a pupil, from the ENT directory; they see the pupil's school records while the pupil is under 15. */
  ParentsGroup: 'https://w3id.org/cartable/ns#ParentsGroup',
  /** A person's role at school: pupil, teacher, parent or staff. */
  role: 'https://w3id.org/cartable/ns#role',
  /** A class of a school (for example 4e A), as described by the ENT directory. */
  SchoolClass: 'https://w3id.org/cartable/ns#SchoolClass',
  /** All signed-in members of a school: pupils, staff, parents. */
  SchoolCommunity: 'https://w3id.org/cartable/ns#SchoolCommunity',
  /** The version of the terms of use the person accepted. */
  termsVersion: 'https://w3id.org/cartable/ns#termsVersion',
} as const;
