/**
 * Finds the ENT identifier (`ENTPersonUid`) of a person from their WebID.
 *
 * Class groups come from the ENT directory before everyone has an account, so a group document may list a
 * member as `vcard:hasMember [ cartable:entPersonUid "UID" ]`. When that person signs in, the access checker
 * asks this index for the ENT identifier of their WebID and lets them in if it matches: no group document
 * has to be rewritten at first login. The ENT login component provides the real index.
 */
export interface EntIdentityIndex {
  /** The ENT identifier of the person with this WebID, or `undefined` when the WebID has none. */
  entUidOf: (webId: string) => Promise<string | undefined>;
}
