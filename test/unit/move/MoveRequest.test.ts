// The rules of a move, shared by the account API route and the move API.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { movedPodRecord, parseMoveRequest, redirectsUntil } from '../../../components/dist/move/MoveRequest.js';

const POD = 'http://localhost:3000/alice/';
const GRACE = { defaultGraceDays: 30, maxGraceDays: 366 };

describe('parseMoveRequest', (): void => {
  it('normalises a valid request and applies the default grace period', (): void => {
    assert.deepEqual(parseMoveRequest(POD, { newPod: ' https://new.example/a/ ' }, GRACE),
      { newPod: 'https://new.example/a/', graceDays: 30 });
    assert.deepEqual(parseMoveRequest(POD, { newPod: 'https://new.example/a/', newWebId: 'https://id.example/a#me',
      graceDays: 0 }, GRACE), { newPod: 'https://new.example/a/', newWebId: 'https://id.example/a#me', graceDays: 0 });
  });

  it('refuses what the account API refuses, naming the field', (): void => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{}, /newPod is required/u ],
      [{ newPod: 'nope' }, /absolute http\(s\) URL/u ],
      [{ newPod: 'ftp://new.example/a/' }, /http or https/u ],
      [{ newPod: 'https://u:p@new.example/a/' }, /must not contain credentials/u ],
      [{ newPod: 'https://new.example/a' }, /ending in \//u ],
      [{ newPod: 'https://new.example/a/?x' }, /without query/u ],
      [{ newPod: POD }, /this pod itself/u ],
      [{ newPod: `${POD}b/` }, /inside the pod/u ],
      [{ newPod: 'https://new.example/a/', newWebId: 'mailto:a@b' }, /newWebId must be an http or https URL/u ],
      [{ newPod: 'https://new.example/a/', graceDays: 367 }, /graceDays must be a number of days from 0 to 366/u ],
      [{ newPod: 'https://new.example/a/', graceDays: '3' }, /graceDays/u ],
    ];
    for (const [ body, message ] of cases) {
      assert.throws((): unknown => parseMoveRequest(POD, body, GRACE), message, JSON.stringify(body));
    }
  });

  it('makes the record and its end of redirects', (): void => {
    const record = movedPodRecord(POD, { newPod: 'https://new.example/a/', graceDays: 2 }, 1000);
    assert.deepEqual(record, { pod: POD, newPod: 'https://new.example/a/', movedAt: 1000, graceDays: 2 });
    assert.equal(redirectsUntil(record), 1000 + (2 * 86_400_000));
  });
});
