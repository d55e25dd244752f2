// A realistic pupil pod for the move tests (docs/move.md): nested folders, a note linking to a course file by
// an absolute IRI of the pod, a file with spaces and accents in its path, an empty folder, a large binary and
// an ACL sharing a folder with a friend.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

export const FRIEND = 'https://friend.example/profile/card#me';

/** Fills `pod` (owned by `webId`, written with the Bearer `token`); returns the binary it wrote at `binaryPath`. */
export async function fillPupilPod(pod: string, webId: string, token: string,
  { binaryPath = 'drive/cours/maths/video.bin', binaryBytes = 5 * 1024 * 1024 } = {}): Promise<Buffer> {
  const put = async(path: string, body: Buffer | string, contentType: string): Promise<void> => {
    const response = await fetch(`${pod}${path}`, { method: 'PUT',
      body: typeof body === 'string' ? body : new Blob([ new Uint8Array(body) ]),
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType } });
    assert.ok(response.ok, `PUT ${path}: ${response.status} ${await response.text()}`);
  };
  const binary = randomBytes(binaryBytes);
  await put('drive/cours/maths/chapitre-1.ttl', '<#c1> <http://schema.org/name> "Chapitre 1 : fractions".', 'text/turtle');
  await put(binaryPath, binary, 'application/octet-stream');
  await put('drive/Mes%20cours/r%C3%A9sum%C3%A9.txt', 'Résumé du cours.\n', 'text/plain');
  await put('drive/vide/', '', 'text/turtle');
  await put('notes/note-1', `@prefix schema: <http://schema.org/>.
<#it> a schema:NoteDigitalDocument; schema:text "Réviser les fractions";
  schema:about <${pod}drive/cours/maths/chapitre-1.ttl#c1>.`, 'text/turtle');
  await put('drive/cours/.acl', `@prefix acl: <http://www.w3.org/ns/auth/acl#>.
<#owner> a acl:Authorization; acl:agent <${webId}>; acl:accessTo <./>; acl:default <./>;
  acl:mode acl:Read, acl:Write, acl:Control.
<#share> a acl:Authorization; acl:agent <${FRIEND}>; acl:accessTo <./>; acl:default <./>; acl:mode acl:Read.`, 'text/turtle');
  return binary;
}
